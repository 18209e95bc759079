package org.meternode.board.pi;

import org.meternode.hal.BoardException;

/**
 * Makes the Pi4J context a {@link PiBoard} runs on. Production uses {@link GpiodLinuxFsContextFactory};
 * tests pass a context on Pi4J's mock providers.
 */
@FunctionalInterface
interface PiContextFactory {
    /** A ready context, or a {@link BoardException} saying why the platform cannot be used. */
    Pi4jContext create(PiOptions options) throws BoardException;
}
