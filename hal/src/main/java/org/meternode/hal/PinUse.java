package org.meternode.hal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One thing a channel will ask of the board: the input it names and the capability it needs. The
 * app lists them from its config, in the order {@code run} asks, so that a profile can judge them
 * with the rules its capability getters apply ({@link BoardProvider#checkUses}) without opening
 * anything.
 *
 * @param channel    the channel id, as every board error names it
 * @param input      the pin or input name as written in the channel's config
 * @param capability what the channel will ask for at that input
 */
public record PinUse(String channel, String input, Capability capability) {
    /** The {@link Board} getter a use stands for. */
    public enum Capability {
        /** {@link Board#pulseCounter}. */
        PULSE_COUNTER,
        /** {@link Board#analogChannel}. */
        ANALOG,
        /** {@link Board#powerMonitor}. */
        POWER_MONITOR,
        /** {@link Board#digitalInput}. */
        DIGITAL_IN,
        /** {@link Board#digitalOutput}. */
        DIGITAL_OUT
    }

    public PinUse {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(capability, "capability");
    }

    /** How the board's errors name the channel: {@code channel 'grid'}. */
    public String holder() {
        return PinClaims.channel(channel);
    }

    /** A profile's rule for one use: refuses it as the capability getter would, else claims what it takes. */
    @FunctionalInterface
    public interface Rule {
        void check(PinUse use) throws BoardException;
    }

    /**
     * Runs {@code rule} on every use in order and throws once at the end, with every refusal: a
     * refused use claims nothing, so later uses are judged as if it were not written.
     */
    public static void checkEach(List<PinUse> uses, Rule rule) throws PinUsesRefusedException {
        List<PinUsesRefusedException.Refusal> refusals = new ArrayList<>();
        for (PinUse use : uses) {
            try {
                rule.check(use);
            } catch (BoardException e) {
                refusals.add(new PinUsesRefusedException.Refusal(use, e.getMessage()));
            }
        }
        if (!refusals.isEmpty()) {
            throw new PinUsesRefusedException(refusals);
        }
    }
}
