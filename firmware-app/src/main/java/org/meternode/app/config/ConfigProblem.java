package org.meternode.app.config;

import java.util.Objects;

/**
 * One thing wrong (or worth a warning) in a config file, with where it is.
 *
 * @param source  file name as the user gave it, e.g. {@code meternode.yaml}
 * @param line    1-based line, or 0 when the problem has no position in the file
 * @param column  1-based column, or 0 when unknown
 * @param key     dotted key path such as {@code channels[1].pulses-per-kwh}; empty for the file as a whole
 * @param message what is wrong, never containing a secret; kept to one line
 */
public record ConfigProblem(String source, int line, int column, String key, String message) {
    public ConfigProblem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        message = oneLine(message);
        key = oneLine(key);
    }

    /** One line per problem on a terminal: a newline or control character from the file is shown escaped. */
    private static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\n') {
                out.append("\\n");
            } else if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
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
