package org.meternode.app.node;

import java.util.ArrayList;
import java.util.List;
import org.meternode.app.config.ChannelConfig;
import org.meternode.app.config.ConfigException;
import org.meternode.app.config.ConfigKeys;
import org.meternode.app.config.ConfigProblem;
import org.meternode.app.config.CtClampChannelConfig;
import org.meternode.app.config.DcPowerChannelConfig;
import org.meternode.app.config.DsmrChannelConfig;
import org.meternode.app.config.NodeConfig;
import org.meternode.app.config.PulseChannelConfig;
import org.meternode.app.config.SerialMeterConfig;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.Boards;
import org.meternode.hal.PinUse;
import org.meternode.hal.PinUsesRefusedException;

/**
 * {@code check-config}'s view of the board: the profile judges the board-options and then what the
 * channels will ask of it ({@link PinUse}s, in the order {@link MeterNode#open} asks), by the rules
 * and with the messages it applies at {@code run}. Nothing opens hardware or the state directory.
 */
public final class BoardCheck {
    /** A use and the config key that names its input ({@code channels[0].input}). */
    record Located(PinUse use, String key) {
    }

    private BoardCheck() {
    }

    /**
     * Refuses what {@code run} would refuse at the board: options as a {@link BoardException} naming
     * the option and its place, refused uses as one {@link ConfigException} with each problem placed
     * at the channel key it comes from.
     */
    public static void check(NodeConfig config) throws BoardException, ConfigException {
        BoardOptions options = MeterNode.boardOptions(config);
        Boards.checkOptions(config.board(), options);
        List<Located> located = uses(config);
        try {
            Boards.checkUses(config.board(), options, located.stream().map(Located::use).toList());
        } catch (PinUsesRefusedException e) {
            List<ConfigProblem> problems = new ArrayList<>();
            for (PinUsesRefusedException.Refusal r : e.refusals()) {
                problems.add(config.positions().problem(keyOf(located, r.use()), r.message()));
            }
            throw new ConfigException(problems);
        }
    }

    /**
     * What each channel asks of the board, in the order {@link MeterNode#open} asks it (keep the
     * two in step): pulse channels a pulse counter, CT clamps an ADC input and their voltage
     * reference's, DC channels a power monitor. Serial meter channels ask for a port, not a pin.
     */
    static List<Located> uses(NodeConfig config) {
        List<Located> uses = new ArrayList<>();
        List<ChannelConfig> channels = config.channels();
        for (int i = 0; i < channels.size(); i++) {
            String at = "channels[" + i + "].";
            String input = at + ConfigKeys.CHANNEL_INPUT.name();
            switch (channels.get(i)) {
                case PulseChannelConfig p -> uses.add(use(p.id(), p.input(), PinUse.Capability.PULSE_COUNTER, input));
                case CtClampChannelConfig ct -> {
                    uses.add(use(ct.id(), ct.input(), PinUse.Capability.ANALOG, input));
                    ct.voltage().ifPresent(v -> uses.add(use(ct.id(), v.input(), PinUse.Capability.ANALOG,
                            at + ConfigKeys.CT_VOLTAGE_INPUT.name())));
                }
                case DcPowerChannelConfig dc -> uses.add(use(dc.id(), dc.input(), PinUse.Capability.POWER_MONITOR,
                        input));
                case DsmrChannelConfig d -> {
                    // a serial port, opened at run
                }
                case SerialMeterConfig s -> {
                    // a serial port, opened at run
                }
            }
        }
        return uses;
    }

    private static Located use(String channel, String input, PinUse.Capability capability, String key) {
        return new Located(new PinUse(channel, input, capability), key);
    }

    private static String keyOf(List<Located> located, PinUse use) {
        return located.stream().filter(l -> l.use().equals(use)).map(Located::key).findFirst().orElse("");
    }
}
