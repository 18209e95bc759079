package org.meternode.app.config;

import java.util.Objects;

/**
 * A DC circuit measured by a shunt power monitor (INA219 class) that the board profile provides.
 *
 * @param id       channel id
 * @param input    power monitor input name, e.g. {@code ina219@0x40}
 * @param shuntOhm shunt resistor in ohms
 * @param maxAmps  largest expected current, sets the calibration
 */
public record DcPowerChannelConfig(String id, String input, double shuntOhm, double maxAmps) implements ChannelConfig {
    public DcPowerChannelConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(input, "input");
    }

    @Override
    public String type() {
        return org.meternode.app.channel.DcPowerType.NAME;
    }
}
