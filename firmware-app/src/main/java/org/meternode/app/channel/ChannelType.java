package org.meternode.app.channel;

import java.io.IOException;
import java.util.List;
import org.meternode.app.config.ChannelConfig;
import org.meternode.app.config.ChannelSection;
import org.meternode.app.config.ConfigKey;
import org.meternode.app.config.ConfigKeys;
import org.meternode.app.config.SerialKeys;
import org.meternode.hal.Board;
import org.meternode.hal.BoardException;
import org.meternode.hal.PinUse;

/**
 * Everything meternode knows about one channel type, in one place: its name, the keys of its
 * section, how it reads that section, what it asks of the board, how it opens, and which of its
 * keys calibrate it remotely. The loader, check-config, the docs and the node iterate
 * {@link ChannelTypes}; none of them switches on a type name. Its readings reach LwM2M through
 * their quantities ({@code RegistryObject}), so a type needs no LwM2M code of its own.
 *
 * @param <C> the type's validated config record
 */
public interface ChannelType<C extends ChannelConfig> {
    /** The {@code type:} value, e.g. {@code pulse}. */
    String name();

    /** The record {@link #read} makes. */
    Class<C> configType();

    /**
     * The keys its channel section may hold besides {@code id} and {@code type}, including keys of
     * nested lists ({@code channels[].readings[].obis}), in the order the docs show them. Keys shared
     * by several types ({@code SerialKeys}) are listed by each of them.
     */
    List<ConfigKey<?>> keys();

    /** Whether the meter is on a serial port named by {@code port:} (no {@code input:}). */
    default boolean readsPort() {
        return false;
    }

    /**
     * Whether channels of this type may share their port with each other (one wM-Bus stick hears
     * every meter in range); a port is never shared with a channel of another type.
     */
    default boolean sharesPort() {
        return false;
    }

    /**
     * The keys naming board inputs or ports, checked for duplicates across channels: {@code port} for
     * types that read a port, else {@code input} (a CT clamp adds {@code voltage-input}).
     */
    default List<ConfigKey<String>> inputKeys() {
        return List.of(readsPort() ? SerialKeys.PORT : ConfigKeys.CHANNEL_INPUT);
    }

    /** Reads and checks the channel's section; null once a problem was reported through {@code section}. */
    C read(ChannelSection section);

    /** What the channel will ask of the board, in the order {@link #open} asks (for check-config). */
    default List<InputUse> uses(C config) {
        return List.of();
    }

    /** Opens the channel on the board; readings are timed on the board's clock. */
    Channel open(C config, Board board) throws BoardException, IOException;

    /** Keys (names inside the channel) a remote write may set; the first that {@code config} uses calibrates it. */
    default List<String> calibrationKeys() {
        return List.of();
    }

    /** The calibration key {@code config} uses, or null when the channel has nothing to calibrate. */
    default String calibrationKey(C config) {
        return null;
    }

    /** The current value of one of {@link #calibrationKeys()}, as text; null when {@code config} does not use it. */
    default String setting(C config, String key) {
        return null;
    }

    /** Puts a new calibration (from a validated remote write) into the open channel. */
    default void recalibrate(Channel channel, C config) {
    }

    /** One board input a channel asks for: the channel key naming it, the input, the capability. */
    record InputUse(ConfigKey<String> key, PinUse use) {
    }
}
