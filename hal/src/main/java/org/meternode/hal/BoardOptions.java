package org.meternode.hal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The {@code board-options} section of the config as plain YAML values (maps, lists, strings,
 * numbers, booleans), plus where the board may keep state and how to name a key's position in the
 * config file for error messages.
 *
 * @param values     the section, keys as written in YAML
 * @param stateDir   a directory the board may write (e.g. the sim clock's anchor)
 * @param locator    turns a dotted key path ({@code meters.GPIO17.type}) into "file:line" text;
 *                   returns the path itself when the position is unknown
 */
public record BoardOptions(Map<String, Object> values, Path stateDir, Function<String, String> locator) {
    public BoardOptions {
        values = Map.copyOf(Objects.requireNonNull(values, "values"));
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(locator, "locator");
    }

    /** Options with no positions known, for tests and tools. */
    public static BoardOptions of(Map<String, Object> values, Path stateDir) {
        return new BoardOptions(values, stateDir, key -> "board-options." + key);
    }

    /** "board-options.KEY (file:line)"-style text for an error about {@code keyPath}. */
    public String where(String keyPath) {
        return locator.apply(keyPath);
    }
}
