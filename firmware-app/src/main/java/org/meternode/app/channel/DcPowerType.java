package org.meternode.app.channel;

import java.math.BigDecimal;
import java.util.List;
import org.meternode.app.config.ChannelSection;
import org.meternode.app.config.ConfigKey;
import org.meternode.app.config.ConfigKeys;
import org.meternode.app.config.DcPowerChannelConfig;
import org.meternode.app.config.ValueType;
import org.meternode.hal.Board;
import org.meternode.hal.BoardException;
import org.meternode.hal.PinUse;

/** {@code type: dc-power}: a DC circuit through a shunt power monitor (INA219). */
public final class DcPowerType implements ChannelType<DcPowerChannelConfig> {
    public static final String NAME = "dc-power";
    public static final DcPowerType INSTANCE = new DcPowerType();

    public static final ConfigKey<BigDecimal> SHUNT_OHM = ConfigKey.of("channels[].shunt-ohm",
            ValueType.Decimal.positive(), "Shunt resistor of the power monitor, in ohms (0.1 on common INA219 boards).")
            .withDefault(new BigDecimal("0.1"));
    public static final ConfigKey<BigDecimal> MAX_AMPS = ConfigKey.of("channels[].max-amps",
            ValueType.Decimal.positiveUpTo("100"), "Largest current expected; sets the monitor's calibration (a"
                    + " smaller value gives finer steps).").withDefault(new BigDecimal("3.2"));

    private DcPowerType() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<DcPowerChannelConfig> configType() {
        return DcPowerChannelConfig.class;
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(ConfigKeys.CHANNEL_INPUT, SHUNT_OHM, MAX_AMPS);
    }

    @Override
    public DcPowerChannelConfig read(ChannelSection s) {
        String input = s.get(ConfigKeys.CHANNEL_INPUT);
        BigDecimal shunt = s.get(SHUNT_OHM);
        BigDecimal maxAmps = s.get(MAX_AMPS);
        if (shunt == null || maxAmps == null || s.id() == null || input == null) {
            return null;
        }
        return new DcPowerChannelConfig(s.id(), input, shunt.doubleValue(), maxAmps.doubleValue());
    }

    @Override
    public List<InputUse> uses(DcPowerChannelConfig dc) {
        return List.of(new InputUse(ConfigKeys.CHANNEL_INPUT,
                new PinUse(dc.id(), dc.input(), PinUse.Capability.POWER_MONITOR)));
    }

    @Override
    public Channel open(DcPowerChannelConfig dc, Board board) throws BoardException {
        return new DcPowerChannel(dc.id(), board.powerMonitor(dc.id(), dc.input(), dc.shuntOhm(), dc.maxAmps()));
    }
}
