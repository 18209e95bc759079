package org.meternode.app.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One config key declared once with its type and bounds, doc, default and example, in the manner of
 * Californium's typed definitions. The loader reads and checks values through it, and
 * {@link ConfigKeys} writes the documented defaults and the README table from it.
 *
 * <p>Paths are dotted; keys inside a channel start with {@code channels[].}, and keys that only a
 * channel types have name them in {@link #channelTypes()}.
 *
 * @param <T> the Java type of the value
 */
public final class ConfigKey<T> {
    private final String path;
    private final ValueType<T> type;
    private final String doc;
    private final T defaultValue;
    private final boolean required;
    private final String example;
    private final List<String> channelTypes;

    private ConfigKey(String path, ValueType<T> type, String doc, T defaultValue, boolean required,
                      String example, List<String> channelTypes) {
        this.path = Objects.requireNonNull(path, "path");
        this.type = Objects.requireNonNull(type, "type");
        this.doc = Objects.requireNonNull(doc, "doc");
        this.defaultValue = defaultValue;
        this.required = required;
        this.example = example;
        this.channelTypes = List.copyOf(channelTypes);
    }

    static <T> ConfigKey<T> of(String path, ValueType<T> type, String doc) {
        return new ConfigKey<>(path, type, doc, null, false, null, List.of());
    }

    ConfigKey<T> withDefault(T value) {
        return new ConfigKey<>(path, type, doc, Objects.requireNonNull(value), false, example, channelTypes);
    }

    /** No default: the user must write it; {@code example} shows how. */
    ConfigKey<T> required(String example) {
        return new ConfigKey<>(path, type, doc, null, true, example, channelTypes);
    }

    ConfigKey<T> example(String example) {
        return new ConfigKey<>(path, type, doc, defaultValue, required, example, channelTypes);
    }

    /** The key belongs to channels of these types only (serial meter types share port, readings, ...). */
    ConfigKey<T> onlyFor(String... channelTypes) {
        return new ConfigKey<>(path, type, doc, defaultValue, required, example, List.of(channelTypes));
    }

    /** Dotted path, e.g. {@code sampling.interval} or {@code channels[].debounce}. */
    public String path() {
        return path;
    }

    /** The last segment, as written in the YAML mapping. */
    public String name() {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** The path of the mapping holding this key; empty at top level. */
    public String parent() {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    public String doc() {
        return doc;
    }

    /** Type and bounds in words, e.g. {@code duration 1s..1d}. */
    public String typeName() {
        return type.typeName();
    }

    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** The default as it is written in YAML; empty when there is none. */
    public String defaultText() {
        return defaultValue == null ? "" : type.format(defaultValue);
    }

    public boolean isRequired() {
        return required;
    }

    /** An example value for keys without a default; may be null. */
    public String example() {
        return example;
    }

    /** The channel types this key belongs to, joined ({@code pulse}; {@code dsmr, sml}), or null for all. */
    public String channelType() {
        return channelTypes.isEmpty() ? null : String.join(", ", channelTypes);
    }

    /** The channel types this key belongs to; empty for keys every channel (or no channel) has. */
    public List<String> channelTypes() {
        return channelTypes;
    }

    /** Whether a channel of {@code channelType} may have this key. */
    public boolean appliesTo(String channelType) {
        return channelTypes.isEmpty() || channelTypes.contains(channelType);
    }

    /** Whether the value is a map or list of further keys rather than a value. */
    public boolean isStructure() {
        return type instanceof ValueType.Structure;
    }

    ValueType<T> type() {
        return type;
    }

    @Override
    public String toString() {
        return path;
    }
}
