package org.meternode.board.pi;

import java.util.List;
import java.util.Objects;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.BoardProvider;
import org.meternode.hal.PinUse;
import org.meternode.hal.Sleeper;

/**
 * The {@code pi} board profile: validates the options, builds a Pi4J context with the gpiod and
 * linuxfs providers only (failing loudly anywhere else) and opens a {@link PiBoard}.
 */
public final class PiBoardProvider implements BoardProvider {
    public static final String NAME = "pi";

    private final PiContextFactory contexts;
    private final Sleeper sleeper;

    /** The real Pi on the system clock; used by {@link java.util.ServiceLoader}. */
    public PiBoardProvider() {
        this(new GpiodLinuxFsContextFactory(), Sleeper.system());
    }

    /** Tests pass a context on Pi4J's mock providers and virtual time. */
    PiBoardProvider(PiContextFactory contexts, Sleeper sleeper) {
        this.contexts = Objects.requireNonNull(contexts, "contexts");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void checkOptions(BoardOptions options) throws BoardException {
        PiOptionsParser.parse(options);
    }

    /**
     * The pins {@link PiBoard} would claim, by the same {@link PiPins}: the option pins first, then
     * each use in order. Pi4J is not started.
     */
    @Override
    public void checkUses(BoardOptions options, List<PinUse> uses) throws BoardException {
        PiPins pins = new PiPins(PiOptionsParser.parse(options));
        pins.claimOptionPins(options);
        PinUse.checkEach(uses, pins::check);
    }

    @Override
    public PiBoard open(BoardOptions options) throws BoardException {
        PiOptions pi = PiOptionsParser.parse(options);
        return PiBoard.open(pi, options, contexts.create(pi), sleeper);
    }
}
