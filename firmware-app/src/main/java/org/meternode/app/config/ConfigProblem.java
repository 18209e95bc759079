package org.meternode.app.config;

import java.util.Objects;

/**
 * One thing wrong (or worth a warning) in a config file, with where it is.
 *
 * @param source  file name as the user gave it, e.g. {@code meternode.yaml}
 * @param line    1-based line, or 0 when the problem has no position in the file
 * @param column  1-based column, or 0 when unknown
 * @param key     dotted key path such as {@code channels[1].pulses-per-kwh}; empty for the file as a whole
 * @param message what is wrong, never containing a secret
 */
public record ConfigProblem(String source, int line, int column, String key, String message) {
    public ConfigProblem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    /** {@code source:line:column: key: message}, leaving out the parts that are unknown. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(source);
        if (line > 0) {
            text.append(':').append(line);
            if (column > 0) {
                text.append(':').append(column);
            }
        }
        text.append(": ");
        if (!key.isEmpty()) {
            text.append(key).append(": ");
        }
        return text.append(message).toString();
    }
}
