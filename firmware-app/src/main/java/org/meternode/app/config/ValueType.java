package org.meternode.app.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * How one kind of config value is read from a YAML node, checked against its bounds, and written
 * back as text. Reading reports its own problems and returns null when the value is unusable.
 */
public interface ValueType<T> {
    /** Type and bounds for the reference docs, e.g. {@code duration 1s..1d}. */
    String typeName();

    T read(Node node, KeyContext ctx);

    /** The value as YAML text for the documented defaults. */
    String format(T value);

    /** Text matching {@code regex} (any text when null); the rule is shown as written. */
    static Text text(String regex) {
        return new Text(regex == null ? null : Pattern.compile(regex), regex);
    }

    /** A choice among {@code supported} values. */
    static Choice oneOf(List<String> supported) {
        return new Choice(supported, List.of());
    }

    /** Text: any scalar, optionally matching a pattern. */
    record Text(Pattern pattern, String rule) implements ValueType<String> {
        @Override
        public String typeName() {
            return pattern == null ? "text" : "text matching " + rule;
        }

        @Override
        public String read(Node node, KeyContext ctx) {
            ScalarNode scalar = scalar(node, ctx, "text");
            if (scalar == null) {
                return null;
            }
            String text = scalar.getValue();
            if (text.isBlank()) {
                return ctx.fail(node, "must not be empty");
            }
            if (pattern != null && !pattern.matcher(text).matches()) {
                return ctx.fail(node, "must match " + rule + " (was " + quote(text) + ")");
            }
            return text;
        }

        @Override
        public String format(String value) {
            return value;
        }
    }

    /** A secret as hex text: checked, but never quoted in a message. */
    record SecretHex() implements ValueType<String> {
        @Override
        public String typeName() {
            return "hex text";
        }

        @Override
        public String read(Node node, KeyContext ctx) {
            if (!(node instanceof ScalarNode scalar)) {
                return ctx.fail(node, "expected hex text, got " + kind(node));
            }
            String problem = SecurityConfig.hexProblem(scalar.getValue());
            return problem == null ? scalar.getValue().replaceAll("\\s+", "") : ctx.fail(node, problem);
        }

        @Override
        public String format(String value) {
            return "(hidden)";
        }
    }

    /** true or false, nothing else (YAML 1.2: "yes" is text). */
    record Flag() implements ValueType<Boolean> {
        @Override
        public String typeName() {
            return "boolean";
        }

        @Override
        public Boolean read(Node node, KeyContext ctx) {
            ScalarNode scalar = scalar(node, ctx, "true or false");
            if (scalar == null) {
                return null;
            }
            if (!Tag.BOOL.equals(scalar.getTag())) {
                return ctx.fail(node, "expected true or false, got " + describe(scalar));
            }
            return Boolean.parseBoolean(scalar.getValue().toLowerCase());
        }

        @Override
        public String format(Boolean value) {
            return value.toString();
        }
    }

    /** A whole number in [min, max], or one of an explicit set when {@code allowed} is not empty. */
    record Whole(long min, long max, List<Integer> allowed) implements ValueType<Integer> {
        public static Whole between(long min, long max) {
            return new Whole(min, max, List.of());
        }

        public static Whole oneOf(Integer... allowed) {
            return new Whole(Integer.MIN_VALUE, Integer.MAX_VALUE, List.of(allowed));
        }

        @Override
        public String typeName() {
            return allowed.isEmpty() ? "integer " + min + ".." + max : "integer, one of " + joined(allowed, " or ");
        }

        @Override
        public Integer read(Node node, KeyContext ctx) {
            ScalarNode scalar = scalar(node, ctx, "a whole number");
            if (scalar == null) {
                return null;
            }
            if (!Tag.INT.equals(scalar.getTag())) {
                return ctx.fail(node, "expected a whole number, got " + describe(scalar));
            }
            BigInteger value = coreInt(scalar.getValue());
            if (!allowed.isEmpty()) {
                boolean ok = allowed.stream().anyMatch(a -> BigInteger.valueOf(a).equals(value));
                return ok ? value.intValueExact()
                        : ctx.fail(node, "must be " + joined(allowed, " or ") + " (was " + scalar.getValue() + ")");
            }
            if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
                return ctx.fail(node, "must be between " + min + " and " + max + " (was " + scalar.getValue() + ")");
            }
            return value.intValueExact();
        }

        @Override
        public String format(Integer value) {
            return value.toString();
        }
    }

    /** A decimal number; {@code min} is exclusive when {@code minExclusive}; null bounds are open. */
    record Decimal(BigDecimal min, boolean minExclusive, BigDecimal max) implements ValueType<BigDecimal> {
        public static Decimal positive() {
            return new Decimal(BigDecimal.ZERO, true, null);
        }

        public static Decimal positiveUpTo(String max) {
            return new Decimal(BigDecimal.ZERO, true, new BigDecimal(max));
        }

        public static Decimal between(String min, String max) {
            return new Decimal(new BigDecimal(min), false, new BigDecimal(max));
        }

        @Override
        public String typeName() {
            return "decimal " + rule();
        }

        @Override
        public BigDecimal read(Node node, KeyContext ctx) {
            ScalarNode scalar = scalar(node, ctx, "a number");
            if (scalar == null) {
                return null;
            }
            BigDecimal value;
            if (Tag.INT.equals(scalar.getTag())) {
                value = new BigDecimal(coreInt(scalar.getValue()));
            } else if (Tag.FLOAT.equals(scalar.getTag())) {
                try {
                    value = new BigDecimal(scalar.getValue());
                } catch (NumberFormatException e) {
                    return ctx.fail(node, "must be a finite number (was " + scalar.getValue() + ")");
                }
            } else {
                return ctx.fail(node, "expected a number, got " + describe(scalar));
            }
            boolean low = min != null && (minExclusive ? value.compareTo(min) <= 0 : value.compareTo(min) < 0);
            boolean high = max != null && value.compareTo(max) > 0;
            return low || high ? ctx.fail(node, "must be " + rule() + " (was " + scalar.getValue() + ")") : value;
        }

        @Override
        public String format(BigDecimal value) {
            return value.toPlainString();
        }

        private String rule() {
            if (minExclusive) {
                return max == null ? "> " + min.toPlainString() : "> " + min.toPlainString() + " and <= " + max.toPlainString();
            }
            return "between " + min.toPlainString() + " and " + max.toPlainString();
        }
    }

    /** A duration with a unit ({@link Durations}) in [min, max]. */
    record Span(Duration min, Duration max) implements ValueType<Duration> {
        @Override
        public String typeName() {
            return "duration " + Durations.format(min) + ".." + Durations.format(max);
        }

        @Override
        public Duration read(Node node, KeyContext ctx) {
            ScalarNode scalar = scalar(node, ctx, "a duration like 15m");
            if (scalar == null) {
                return null;
            }
            String text = scalar.getValue();
            Duration value;
            try {
                value = Durations.parse(text);
            } catch (IllegalArgumentException e) {
                return ctx.fail(node, e.getMessage() + " (was " + quote(text) + ")");
            }
            if (value.isNegative()) {
                return ctx.fail(node, "must not be negative (was " + quote(text) + ")");
            }
            if (value.isZero() && min.isPositive()) {
                return ctx.fail(node, "must be more than 0 (was " + quote(text) + ")");
            }
            if (value.compareTo(min) < 0) {
                return ctx.fail(node, "must be at least " + Durations.format(min) + " (was " + quote(text) + ")");
            }
            if (value.compareTo(max) > 0) {
                return ctx.fail(node, "must be at most " + Durations.format(max) + " (was " + quote(text) + ")");
            }
            return value;
        }

        @Override
        public String format(Duration value) {
            return Durations.format(value);
        }
    }

    /** One word from a fixed list; {@code later} are known names not supported yet. */
    record Choice(List<String> supported, List<String> later) implements ValueType<String> {
        @Override
        public String typeName() {
            return "one of " + String.join(", ", supported);
        }

        @Override
        public String read(Node node, KeyContext ctx) {
            ScalarNode scalar = scalar(node, ctx, "one of " + String.join(", ", supported));
            if (scalar == null) {
                return null;
            }
            String text = scalar.getValue();
            if (supported.contains(text)) {
                return text;
            }
            if (later.contains(text)) {
                return ctx.fail(node, quote(text) + " is not supported yet (supported: " + String.join(", ", supported) + ")");
            }
            String hint = Hints.closest(text, supported).map(s -> "; did you mean '" + s + "'?").orElse("");
            return ctx.fail(node, "must be one of " + String.join(", ", supported) + " (was " + quote(text) + ")" + hint);
        }

        @Override
        public String format(String value) {
            return value;
        }
    }

    /** A CoAP server URI: scheme, host and optional port, nothing else. */
    record ServerUri() implements ValueType<URI> {
        @Override
        public String typeName() {
            return "URI coaps://host:port";
        }

        @Override
        public URI read(Node node, KeyContext ctx) {
            ScalarNode scalar = scalar(node, ctx, "a URI like coaps://host:5684");
            if (scalar == null) {
                return null;
            }
            URI uri;
            try {
                uri = new URI(scalar.getValue().strip());
            } catch (URISyntaxException e) {
                return ctx.fail(node, "not a URI: " + e.getReason() + " (was " + quote(scalar.getValue()) + ")");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (!scheme.equals("coap") && !scheme.equals("coaps")) {
                return ctx.fail(node, "must start with coaps:// (was " + quote(scalar.getValue()) + ")");
            }
            if (uri.getHost() == null) {
                return ctx.fail(node, "needs a host, e.g. coaps://head-end.example:5684 (was " + quote(scalar.getValue()) + ")");
            }
            boolean extra = uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"));
            return extra ? ctx.fail(node, "must be only scheme://host:port (was " + quote(scalar.getValue()) + ")") : uri;
        }

        @Override
        public String format(URI value) {
            return value.toString();
        }
    }

    /** A file system path; relative paths resolve against the config file's directory. */
    record FilePath() implements ValueType<Path> {
        @Override
        public String typeName() {
            return "path";
        }

        @Override
        public Path read(Node node, KeyContext ctx) {
            ScalarNode scalar = scalar(node, ctx, "a path");
            if (scalar == null) {
                return null;
            }
            if (scalar.getValue().isBlank()) {
                return ctx.fail(node, "must not be empty");
            }
            try {
                return ctx.baseDir().resolve(Path.of(scalar.getValue())).normalize();
            } catch (InvalidPathException e) {
                return ctx.fail(node, "not a valid path: " + e.getReason());
            }
        }

        @Override
        public String format(Path value) {
            return value.toString();
        }
    }

    /** A current transformer ratio such as {@code 100A:50mA}. */
    record Ratio() implements ValueType<CtClampChannelConfig.Ratio> {
        @Override
        public String typeName() {
            return "ratio like 100A:50mA";
        }

        @Override
        public CtClampChannelConfig.Ratio read(Node node, KeyContext ctx) {
            ScalarNode scalar = scalar(node, ctx, "a ratio like \"100A:50mA\"");
            if (scalar == null) {
                return null;
            }
            try {
                return CtClampChannelConfig.Ratio.parse(scalar.getValue());
            } catch (IllegalArgumentException e) {
                return ctx.fail(node, e.getMessage() + " (was " + quote(scalar.getValue()) + ")");
            }
        }

        @Override
        public String format(CtClampChannelConfig.Ratio value) {
            return '"' + value.toString() + '"';
        }
    }

    /** Free-form data handed on as plain Java values (board-options). */
    record FreeMap() implements ValueType<Map<String, Object>> {
        @Override
        public String typeName() {
            return "map";
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> read(Node node, KeyContext ctx) {
            if (!(node instanceof MappingNode)) {
                return ctx.fail(node, "expected a map, got " + kind(node));
            }
            int before = ctx.problems().errorCount();
            Object value = plain(node, ctx);
            return ctx.problems().errorCount() > before ? null : (Map<String, Object>) value;
        }

        @Override
        public String format(Map<String, Object> value) {
            return value.isEmpty() ? "{}" : value.toString();
        }

        private static Object plain(Node node, KeyContext ctx) {
            if (node.isRecursive()) {
                return ctx.fail(node, "must not contain itself (recursive alias)");
            }
            if (node instanceof MappingNode mapping) {
                Map<String, Object> map = new LinkedHashMap<>();
                for (NodeTuple tuple : mapping.getValue()) {
                    if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                        ctx.fail(tuple.getKeyNode(), "keys must be plain words, got " + kind(tuple.getKeyNode()));
                        continue;
                    }
                    KeyContext child = ctx.child(key.getValue());
                    if (map.containsKey(key.getValue())) {
                        child.fail(key, "duplicate key");
                        continue;
                    }
                    Object value = plain(tuple.getValueNode(), child);
                    if (value != null) {
                        map.put(key.getValue(), value);
                    }
                }
                return Map.copyOf(map);
            }
            if (node instanceof SequenceNode sequence) {
                List<Object> list = new ArrayList<>();
                List<Node> items = sequence.getValue();
                for (int i = 0; i < items.size(); i++) {
                    Object value = plain(items.get(i), new KeyContext(ctx.key() + "[" + i + "]", ctx.problems(), ctx.baseDir()));
                    if (value != null) {
                        list.add(value);
                    }
                }
                return List.copyOf(list);
            }
            return scalarValue((ScalarNode) node, ctx);
        }

        private static Object scalarValue(ScalarNode scalar, KeyContext ctx) {
            String text = scalar.getValue();
            Tag tag = scalar.getTag();
            if (Tag.NULL.equals(tag)) {
                return ctx.fail(scalar, "has no value; give one or remove the key");
            }
            if (Tag.BOOL.equals(tag)) {
                return Boolean.parseBoolean(text.toLowerCase());
            }
            if (Tag.INT.equals(tag)) {
                BigInteger value = coreInt(text);
                return value.bitLength() < 64 ? (Object) value.longValue() : value;
            }
            if (Tag.FLOAT.equals(tag)) {
                return switch (text.toLowerCase().replace("+", "")) {
                    case ".inf" -> Double.POSITIVE_INFINITY;
                    case "-.inf" -> Double.NEGATIVE_INFINITY;
                    case ".nan" -> Double.NaN;
                    default -> Double.parseDouble(text);
                };
            }
            return text;
        }
    }

    /** A map or list whose entries are keys of their own; documented, read by the loader. */
    record Structure(String typeName) implements ValueType<Void> {
        @Override
        public Void read(Node node, KeyContext ctx) {
            throw new UnsupportedOperationException("the loader reads " + ctx.key() + " entry by entry");
        }

        @Override
        public String format(Void value) {
            return "";
        }
    }

    /** The node as a scalar, or null after reporting that {@code expected} was wanted. */
    static ScalarNode scalar(Node node, KeyContext ctx, String expected) {
        if (node instanceof ScalarNode scalar) {
            return scalar;
        }
        return ctx.fail(node, "expected " + expected + ", got " + kind(node));
    }

    static String kind(Node node) {
        return switch (node) {
            case MappingNode m -> "a map";
            case SequenceNode s -> "a list";
            case ScalarNode s -> describe(s);
            default -> "a " + node.getNodeType();
        };
    }

    /** A scalar as the user would recognise it: {@code text 'abc'}, {@code the number 1.5}. */
    static String describe(ScalarNode scalar) {
        Tag tag = scalar.getTag();
        if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
            return "the number " + scalar.getValue();
        }
        if (Tag.BOOL.equals(tag)) {
            return scalar.getValue();
        }
        return "text " + quote(scalar.getValue());
    }

    static String quote(String text) {
        String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
        return "'" + shown + "'";
    }

    /** A YAML 1.2 core-schema integer: decimal, 0o octal or 0x hex. */
    static BigInteger coreInt(String text) {
        if (text.startsWith("0o")) {
            return new BigInteger(text.substring(2), 8);
        }
        if (text.startsWith("0x")) {
            return new BigInteger(text.substring(2), 16);
        }
        return new BigInteger(text.startsWith("+") ? text.substring(1) : text);
    }

    private static String joined(List<Integer> values, String separator) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(separator));
    }
}
