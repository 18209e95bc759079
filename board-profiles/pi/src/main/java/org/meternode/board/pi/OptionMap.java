package org.meternode.board.pi;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptions;

/**
 * The flat {@code board-options} map with typed, checked reads. Every error names the key's place
 * ({@link BoardOptions#where}), the rule and what was given.
 */
final class OptionMap {
    private final BoardOptions options;

    OptionMap(BoardOptions options) {
        this.options = options;
    }

    /** Refuses keys not in {@code known}, listing the known ones. */
    void allowOnly(Collection<String> known) throws BoardException {
        for (String key : new TreeSet<>(options.values().keySet())) {
            if (!known.contains(key)) {
                throw new BoardException(where(key) + ": unknown key (known here: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    /** A whole number within {@code min..max}; {@code rule} says what it means. */
    int integer(String key, int fallback, int min, int max, String meaning) throws BoardException {
        Object value = options.values().get(key);
        if (value == null) {
            return fallback;
        }
        boolean whole = value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte;
        if (!whole || ((Number) value).longValue() < min || ((Number) value).longValue() > max) {
            throw error(key, "must be a whole number " + min + ".." + max + " (" + meaning + ")", value);
        }
        return ((Number) value).intValue();
    }

    /** Text, or a whole number written as text; empty when the key is absent. */
    Optional<String> text(String key, String rule) throws BoardException {
        Object value = options.values().get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String s && !s.isBlank()) {
            return Optional.of(s.trim());
        }
        if (value instanceof Integer || value instanceof Long) {
            return Optional.of(value.toString());
        }
        throw error(key, rule, value);
    }

    String where(String key) {
        return options.where(key);
    }

    BoardException error(String key, String rule, Object given) {
        return new BoardException(where(key) + ": " + rule + ", got " + describe(given));
    }

    static String describe(Object value) {
        if (value instanceof String s) {
            return "\"" + s + "\"";
        }
        if (value instanceof Map<?, ?>) {
            return "a map";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        return String.valueOf(value);
    }
}
