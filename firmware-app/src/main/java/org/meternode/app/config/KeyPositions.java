package org.meternode.app.config;

import java.util.Map;
import java.util.Objects;

/**
 * Where some keys of a loaded file were written, by dotted path ({@code channels[1].input}), so that
 * a problem found after loading (the board profile's judgement of a channel's input) is placed in
 * the file like the loader's own. A record, so two configs loaded from the same text are equal.
 *
 * @param source    the config file name as given
 * @param positions line and column of each recorded key's value
 */
public record KeyPositions(String source, Map<String, At> positions) {
    /** A 1-based line and column. */
    public record At(int line, int column) {
    }

    public KeyPositions {
        Objects.requireNonNull(source, "source");
        positions = Map.copyOf(positions);
    }

    /** {@code message} placed at {@code key} ({@code file:line:column: message}), or at the file when not recorded. */
    public ConfigProblem problem(String key, String message) {
        At at = positions.getOrDefault(key, new At(0, 0));
        return new ConfigProblem(source, at.line(), at.column(), "", message);
    }

    /** Short, so that a logged NodeConfig does not list every position. */
    @Override
    public String toString() {
        return "KeyPositions[" + source + ", " + positions.size() + " keys]";
    }
}
