package org.meternode.app.node;

import java.util.ArrayList;
import java.util.List;
import org.meternode.app.channel.ChannelType;
import org.meternode.app.channel.ChannelTypes;
import org.meternode.app.config.ChannelConfig;
import org.meternode.app.config.ConfigException;
import org.meternode.app.config.ConfigProblem;
import org.meternode.app.config.NodeConfig;
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
     * What each channel asks of the board, in the order {@link MeterNode#open} asks it, as each
     * channel's type lists it (pulse: a pulse counter, ct-clamp: ADC inputs, dc-power: a power
     * monitor; serial types ask for a port, not a pin).
     */
    static List<Located> uses(NodeConfig config) {
        List<Located> uses = new ArrayList<>();
        List<ChannelConfig> channels = config.channels();
        for (int i = 0; i < channels.size(); i++) {
            ChannelConfig c = channels.get(i);
            for (ChannelType.InputUse u : ChannelTypes.of(c).uses(c)) {
                uses.add(new Located(u.use(), "channels[" + i + "]." + u.key().name()));
            }
        }
        return uses;
    }

    private static String keyOf(List<Located> located, PinUse use) {
        return located.stream().filter(l -> l.use().equals(use)).map(Located::key).findFirst().orElse("");
    }
}
