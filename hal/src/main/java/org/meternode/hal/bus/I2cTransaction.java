package org.meternode.hal.bus;

import java.io.IOException;

/** Work that must reach one chip without other callers' messages in between; see {@link I2cBus#transaction}. */
@FunctionalInterface
public interface I2cTransaction<T> {
    T run(I2cBus bus) throws IOException;
}
