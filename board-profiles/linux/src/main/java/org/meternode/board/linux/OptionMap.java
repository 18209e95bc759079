package org.meternode.board.linux;

import java.math.BigInteger;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoublePredicate;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptions;

/**
 * One YAML map of the board options with typed, checked reads. Every error names the key's place
 * ({@link BoardOptions#where}), says what was expected and shows what was given.
 */
final class OptionMap {
    private final BoardOptions options;
    private final String path;
    private final Map<String, Object> values;

    private OptionMap(BoardOptions options, String path, Map<?, ?> values) {
        this.options = options;
        this.path = path;
        this.values = new LinkedHashMap<>();
        values.forEach((k, v) -> this.values.put(String.valueOf(k), v));
    }

    static OptionMap root(BoardOptions options) {
        return new OptionMap(options, "", options.values());
    }

    /** The map under {@code key}; empty if the key is absent. */
    OptionMap map(String key) throws BoardException {
        if (!values.containsKey(key)) {
            return new OptionMap(options, keyPath(key), Map.of());
        }
        Object value = values.get(key);
        if (!(value instanceof Map<?, ?> map)) {
            throw error(key, "must be a map", value);
        }
        return new OptionMap(options, keyPath(key), map);
    }

    Set<String> keys() {
        return values.keySet();
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    /** Rejects keys not in {@code known}, listing the known ones. */
    void allowOnly(Collection<String> known) throws BoardException {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new BoardException(where(key) + ": unknown key (known here: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    /** A required text value. */
    String text(String key, String meaning) throws BoardException {
        if (!values.containsKey(key)) {
            throw new BoardException(where(key) + ": missing; " + meaning);
        }
        return textOr(key, null);
    }

    String textOr(String key, String fallback) throws BoardException {
        if (!values.containsKey(key)) {
            return fallback;
        }
        Object value = values.get(key);
        if (!(value instanceof String s) || s.isBlank()) {
            throw error(key, "must be text", value);
        }
        return s.trim();
    }

    /** A required whole number in {@code [min, max]}. */
    long integer(String key, long min, long max, String meaning) throws BoardException {
        if (!values.containsKey(key)) {
            throw new BoardException(where(key) + ": missing; " + meaning);
        }
        return integerOr(key, min, min, max);
    }

    long integerOr(String key, long fallback, long min, long max) throws BoardException {
        if (!values.containsKey(key)) {
            return fallback;
        }
        Object value = values.get(key);
        boolean whole = value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte;
        if (!whole || ((Number) value).longValue() < min || ((Number) value).longValue() > max) {
            throw error(key, "must be a whole number from " + min + " to " + max, value);
        }
        return ((Number) value).longValue();
    }

    double numberOr(String key, double fallback, DoublePredicate valid, String rule) throws BoardException {
        if (!values.containsKey(key)) {
            return fallback;
        }
        Object value = values.get(key);
        if (!(value instanceof Number n) || value instanceof BigInteger || Double.isNaN(n.doubleValue())
                || !valid.test(n.doubleValue())) {
            throw error(key, "must be a number " + rule, value);
        }
        return n.doubleValue();
    }

    /** A required choice from {@code choices}. */
    String choice(String key, List<String> choices) throws BoardException {
        String rule = "one of " + String.join(", ", choices);
        if (!values.containsKey(key)) {
            throw new BoardException(where(key) + ": missing; " + rule);
        }
        Object value = values.get(key);
        if (!(value instanceof String s) || !choices.contains(s.trim())) {
            throw error(key, "must be " + rule, value);
        }
        return s.trim();
    }

    /** The raw value under {@code key}, for keys that accept more than one type. */
    Object raw(String key) {
        return values.get(key);
    }

    String where(String key) {
        return options.where(keyPath(key));
    }

    BoardException error(String key, String rule, Object given) {
        return new BoardException(where(key) + ": " + rule + ", got " + describe(given));
    }

    private String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof String s) {
            return "\"" + s + "\"";
        }
        if (value instanceof Map<?, ?>) {
            return "a map";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        return value.toString();
    }
}
