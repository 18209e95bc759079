package org.meternode.hal;

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
}
