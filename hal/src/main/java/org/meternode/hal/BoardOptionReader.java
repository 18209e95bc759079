package org.meternode.hal;

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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.DoublePredicate;

/**
 * One YAML map of the {@link BoardOptions} with typed, checked reads, for board profiles. Every
 * error names the key's place ({@link BoardOptions#where}), says what was expected and shows what
 * was given: {@code "<where>: <rule>, got <value>"}.
 *
 * <p>The top-level map's keys are visited in sorted order (the {@code BoardOptions} map has no
 * order of its own); nested maps keep the order they were written in.
 */
public final class BoardOptionReader {
    private final BoardOptions options;
    private final String path;
    private final Map<String, Object> values;

    private BoardOptionReader(BoardOptions options, String path, Map<?, ?> values) {
        this.options = options;
        this.path = path;
        this.values = new LinkedHashMap<>();
        values.forEach((k, v) -> this.values.put(String.valueOf(k), v));
    }

    /** The whole {@code board-options} section. */
    public static BoardOptionReader root(BoardOptions options) {
        return new BoardOptionReader(options, "", new TreeMap<>(options.values()));
    }

    /** The map under {@code key}; empty if the key is absent. */
    public BoardOptionReader map(String key) throws BoardException {
        if (!values.containsKey(key)) {
            return new BoardOptionReader(options, keyPath(key), Map.of());
        }
        Object value = values.get(key);
        if (!(value instanceof Map<?, ?> map)) {
            throw error(key, "must be a map", value);
        }
        return new BoardOptionReader(options, keyPath(key), map);
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The raw value under {@code key}, for keys that accept more than one type. */
    public Object raw(String key) {
        return values.get(key);
    }

    /** Rejects keys not in {@code known}, listing the known ones. */
    public void allowOnly(Collection<String> known) throws BoardException {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new BoardException(where(key) + ": unknown key (known here: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    /** A number (not NaN) that passes {@code valid}; {@code rule} completes "must be a number ...". */
    public double numberOr(String key, double fallback, DoublePredicate valid, String rule) throws BoardException {
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

    /** Any whole number; the error says "between Long.MIN_VALUE and Long.MAX_VALUE". */
    public long integerOr(String key, long fallback) throws BoardException {
        return whole(key, fallback, Long.MIN_VALUE, Long.MAX_VALUE,
                "must be a whole number between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE);
    }

    /** A whole number in {@code [min, max]}; the error says "from min to max". */
    public long integerOr(String key, long fallback, long min, long max) throws BoardException {
        return whole(key, fallback, min, max, "must be a whole number from " + min + " to " + max);
    }

    /** A required whole number in {@code [min, max]}; a missing key is reported with {@code meaning}. */
    public long integer(String key, long min, long max, String meaning) throws BoardException {
        if (!values.containsKey(key)) {
            throw new BoardException(where(key) + ": missing; " + meaning);
        }
        return integerOr(key, min, min, max);
    }

    /** A whole number in {@code min..max}; the error says "min..max (meaning)". */
    public int intOr(String key, int fallback, int min, int max, String meaning) throws BoardException {
        return (int) whole(key, fallback, min, max,
                "must be a whole number " + min + ".." + max + " (" + meaning + ")");
    }

    private long whole(String key, long fallback, long min, long max, String rule) throws BoardException {
        if (!values.containsKey(key)) {
            return fallback;
        }
        Object value = values.get(key);
        boolean whole = value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte;
        if (!whole || ((Number) value).longValue() < min || ((Number) value).longValue() > max) {
            throw error(key, rule, value);
        }
        return ((Number) value).longValue();
    }

    /** A required non-blank text, trimmed; a missing key is reported with {@code meaning}. */
    public String text(String key, String meaning) throws BoardException {
        if (!values.containsKey(key)) {
            throw new BoardException(where(key) + ": missing; " + meaning);
        }
        return textOr(key, null);
    }

    /** A non-blank text, trimmed. */
    public String textOr(String key, String fallback) throws BoardException {
        if (!values.containsKey(key)) {
            return fallback;
        }
        Object value = values.get(key);
        if (!(value instanceof String s) || s.isBlank()) {
            throw error(key, "must be text", value);
        }
        return s.trim();
    }

    /** Any text, exactly as written (blank allowed, not trimmed). */
    public String verbatimTextOr(String key, String fallback) throws BoardException {
        if (!values.containsKey(key)) {
            return fallback;
        }
        Object value = values.get(key);
        if (!(value instanceof String s)) {
            throw error(key, "must be text", value);
        }
        return s;
    }

    /**
     * A required text, exactly as written; a missing key is reported with {@code rule} and the
     * {@code choices} (which the caller checks).
     */
    public String verbatimText(String key, String rule, Collection<String> choices) throws BoardException {
        if (!values.containsKey(key)) {
            throw new BoardException(where(key) + ": missing; " + rule + " (one of " + String.join(", ", choices) + ")");
        }
        return verbatimTextOr(key, null);
    }

    /** Non-blank text (trimmed) or a whole number written as text; empty when the key is absent. */
    public Optional<String> textOrWholeNumber(String key, String rule) throws BoardException {
        if (!values.containsKey(key)) {
            return Optional.empty();
        }
        Object value = values.get(key);
        if (value instanceof String s && !s.isBlank()) {
            return Optional.of(s.trim());
        }
        if (value instanceof Integer || value instanceof Long) {
            return Optional.of(value.toString());
        }
        throw error(key, rule, value);
    }

    /** A required choice from {@code choices} (trimmed). */
    public String choice(String key, List<String> choices) throws BoardException {
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

    public boolean boolOr(String key, boolean fallback) throws BoardException {
        if (!values.containsKey(key)) {
            return fallback;
        }
        Object value = values.get(key);
        if (!(value instanceof Boolean b)) {
            throw error(key, "must be true or false", value);
        }
        return b;
    }

    /** An instant (YAML timestamp or ISO-8601 text); empty when the key is absent. */
    public Optional<Instant> instant(String key) throws BoardException {
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

    /** Where {@code key} of this map stands in the config, for messages. */
    public String where(String key) {
        return options.where(keyPath(key));
    }

    /** {@code "<where>: <rule>, got <given>"}. */
    public BoardException error(String key, String rule, Object given) {
        return new BoardException(where(key) + ": " + rule + ", got " + describe(given));
    }

    private String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** A value as an error message shows it: text quoted, maps and lists by kind, null as "nothing". */
    public static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof String s) {
            // A pasted blob stays readable in a one-line error.
            return "\"" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "\"";
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
