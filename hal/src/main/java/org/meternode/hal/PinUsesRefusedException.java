package org.meternode.hal;

import java.util.List;
import java.util.Objects;

/**
 * The board refused one or more {@link PinUse}s; each refusal keeps the use, so the app can place
 * it in the config, and the message the capability getter gives at {@code run}. The exception's
 * own message is the first refusal's: what {@code run} would stop with.
 */
public final class PinUsesRefusedException extends BoardException {
    private static final long serialVersionUID = 1L;

    /** One refused use and why, e.g. {@code channel 'grid': pin GPIO22 is not declared at ...}. */
    public record Refusal(PinUse use, String message) {
        public Refusal {
            Objects.requireNonNull(use, "use");
            Objects.requireNonNull(message, "message");
        }
    }

    private final transient List<Refusal> refusals;

    public PinUsesRefusedException(List<Refusal> refusals) {
        super(refusals.get(0).message());
        this.refusals = List.copyOf(refusals);
    }

    /** The refusals in the order of the uses; never empty. */
    public List<Refusal> refusals() {
        return refusals;
    }
}
