package org.meternode.app.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.meternode.app.channel.ChannelType;
import org.meternode.app.channel.ChannelTypes;

/**
 * One config key declared once with its type and bounds, doc, default and example, in the manner of
 * Californium's typed definitions. The loader reads and checks values through it, and
 * {@link ConfigKeys} writes the documented defaults and the README table from it.
 *
 * <p>Paths are dotted; keys inside a channel start with {@code channels[].}, and keys that only a
 * channel types have come from the types' own key lists ({@link #channelTypes()}).
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

    private ConfigKey(String path, ValueType<T> type, String doc, T defaultValue, boolean required,
                      String example) {
        this.path = Objects.requireNonNull(path, "path");
        this.type = Objects.requireNonNull(type, "type");
        this.doc = Objects.requireNonNull(doc, "doc");
        this.defaultValue = defaultValue;
        this.required = required;
        this.example = example;
    }

    public static <T> ConfigKey<T> of(String path, ValueType<T> type, String doc) {
        return new ConfigKey<>(path, type, doc, null, false, null);
    }

    public ConfigKey<T> withDefault(T value) {
        return new ConfigKey<>(path, type, doc, Objects.requireNonNull(value), false, example);
    }

    /** No default: the user must write it; {@code example} shows how. */
    public ConfigKey<T> required(String example) {
        return new ConfigKey<>(path, type, doc, null, true, example);
    }

    public ConfigKey<T> example(String example) {
        return new ConfigKey<>(path, type, doc, defaultValue, required, example);
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
        List<String> types = channelTypes();
        return types.isEmpty() ? null : String.join(", ", types);
    }

    /**
     * The channel types whose sections have this key, as their {@link ChannelType#keys()} say;
     * empty for keys every channel (or no channel) has.
     */
    public List<String> channelTypes() {
        return ChannelTypes.havingKey(this);
    }

    /** Whether a channel of {@code channelType} may have this key. */
    public boolean appliesTo(String channelType) {
        List<String> types = channelTypes();
        return types.isEmpty() || types.contains(channelType);
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
