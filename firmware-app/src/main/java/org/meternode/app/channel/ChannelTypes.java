package org.meternode.app.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.meternode.app.channel.wmbus.WmbusType;
import org.meternode.app.config.ChannelConfig;
import org.meternode.app.config.ConfigKey;

/**
 * The channel types this firmware knows, in the order the docs show them: the one list the loader,
 * check-config, the docs and the node iterate. A new type is one {@link ChannelType} class in its
 * own package plus a line here.
 */
public final class ChannelTypes {
    private static final List<ChannelType<?>> ALL = List.of(
            PulseType.INSTANCE,
            CtClampType.INSTANCE,
            DcPowerType.INSTANCE,
            DsmrType.INSTANCE,
            SmlType.INSTANCE,
            Iec62056Type.INSTANCE,
            MbusType.INSTANCE,
            WmbusType.INSTANCE);

    private ChannelTypes() {
    }

    public static List<ChannelType<?>> all() {
        return ALL;
    }

    /** The type names, e.g. for the {@code type:} key's choices. */
    public static List<String> names() {
        return ALL.stream().map(ChannelType::name).toList();
    }

    public static Optional<ChannelType<?>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The type of a validated channel config. */
    @SuppressWarnings("unchecked")
    public static <C extends ChannelConfig> ChannelType<C> of(C config) {
        return (ChannelType<C>) byName(config.type()).orElseThrow(
                () -> new IllegalStateException("channel '" + config.id() + "': no channel type " + config.type()));
    }

    /** Every key some type lists, each once, in type order. */
    public static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> keys = new ArrayList<>();
        for (ChannelType<?> t : ALL) {
            t.keys().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        }
        return keys;
    }

    /** The names of the types listing {@code key}; empty when none does (id, type, or not a channel key). */
    public static List<String> havingKey(ConfigKey<?> key) {
        List<String> names = ALL.stream().filter(t -> t.keys().contains(key)).map(ChannelType::name).toList();
        return names.size() == ALL.size() ? List.of() : names;
    }

    /** Every remotely writable channel key name ({@code calibration}, {@code pulses-per-kwh}, ...). */
    public static List<String> calibrationKeys() {
        return ALL.stream().flatMap(t -> t.calibrationKeys().stream()).distinct().toList();
    }
}
