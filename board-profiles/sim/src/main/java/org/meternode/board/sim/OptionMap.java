package org.meternode.board.sim;

import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        Object value = values.get(key);
        if (value == null && !values.containsKey(key)) {
            return new OptionMap(options, keyPath(key), Map.of());
        }
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

    double number(String key, double fallback, DoublePredicate valid, String rule) throws BoardException {
        if (!values.containsKey(key)) {
            return fallback;
        }
        Object value = values.get(key);
        if (!(value instanceof Number n) || value instanceof BigInteger) {
            throw error(key, "must be a number " + rule, value);
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || !valid.test(d)) {
            throw error(key, "must be a number " + rule, value);
        }
        return d;
    }

    long integer(String key, long fallback) throws BoardException {
        if (!values.containsKey(key)) {
            return fallback;
        }
        Object value = values.get(key);
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw error(key, "must be a whole number between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE, value);
    }

    String text(String key, String fallback) throws BoardException {
        if (!values.containsKey(key)) {
            return fallback;
        }
        Object value = values.get(key);
        if (!(value instanceof String s)) {
            throw error(key, "must be text", value);
        }
        return s;
    }

    /** A required text value. */
    String text(String key, String rule, Collection<String> choices) throws BoardException {
        if (!values.containsKey(key)) {
            throw new BoardException(where(key) + ": missing; " + rule + " (one of " + String.join(", ", choices) + ")");
        }
        return text(key, null);
    }

    boolean bool(String key, boolean fallback) throws BoardException {
        if (!values.containsKey(key)) {
            return fallback;
        }
        Object value = values.get(key);
        if (!(value instanceof Boolean b)) {
            throw error(key, "must be true or false", value);
        }
        return b;
    }

    Optional<Instant> instant(String key) throws BoardException {
        if (!values.containsKey(key)) {
            return Optional.empty();
        }
        Object value = values.get(key);
        if (value instanceof Instant i) {
            return Optional.of(i);
        }
        if (value instanceof OffsetDateTime odt) {
            return Optional.of(odt.toInstant());
        }
        if (value instanceof String s) {
            try {
                return Optional.of(Instant.parse(s.trim()));
            } catch (DateTimeParseException e) {
                throw error(key, "must be an ISO-8601 instant like 2026-01-01T00:00:00Z", value);
            }
        }
        throw error(key, "must be an ISO-8601 instant like 2026-01-01T00:00:00Z", value);
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
