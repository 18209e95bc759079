package org.meternode.hal;

import java.util.List;

/**
 * Service-provider interface of a board profile, found with {@link java.util.ServiceLoader}
 * (META-INF/services/org.meternode.hal.BoardProvider). The app asks by name and never imports a
 * profile class.
 */
public interface BoardProvider {
    /** The name used in config ({@code board: sim}). */
    String name();

    /** Opens the board; validates {@code options} through {@link #checkOptions} and names the offending key on error. */
    Board open(BoardOptions options) throws BoardException;

    /**
     * Validates {@code options} exactly as {@link #open} does, without touching hardware or the
     * state directory ({@code check-config} calls this).
     */
    void checkOptions(BoardOptions options) throws BoardException;

    /**
     * Judges what the channels will ask of the board ({@code uses}, in the order {@code run} asks)
     * against valid {@code options}, with the rules and messages of the capability getters and of
     * the option pins {@link #open} claims, without touching hardware or the state directory
     * ({@code check-config} calls this after {@link #checkOptions}). Refused uses are reported
     * together in a {@link PinUsesRefusedException}; see {@link PinUse#checkEach}. A profile that
     * does not override this accepts every use, and its channels are judged only at {@code run}.
     */
    default void checkUses(BoardOptions options, List<PinUse> uses) throws BoardException {
    }
}
