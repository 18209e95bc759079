package org.meternode.app.channel;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.meternode.app.config.ChannelSection;
import org.meternode.app.config.ConfigKey;
import org.meternode.app.config.ConfigKeys;
import org.meternode.app.config.PulseChannelConfig;
import org.meternode.app.config.ValueType;
import org.meternode.hal.Board;
import org.meternode.hal.BoardException;
import org.meternode.hal.PinUse;
import org.meternode.hal.PulseInput;

/** {@code type: pulse}: an S0 electricity meter or a water meter's reed contact on a counted pin. */
public final class PulseType implements ChannelType<PulseChannelConfig> {
    public static final String NAME = "pulse";
    public static final PulseType INSTANCE = new PulseType();

    public static final ConfigKey<Duration> DEBOUNCE = ConfigKey.of("channels[].debounce",
            new ValueType.Span(Duration.ZERO, Duration.ofSeconds(1)),
            "Edges closer together than this count as one pulse.")
            .withDefault(Duration.ofMillis(10));
    public static final ConfigKey<BigDecimal> PULSES_PER_KWH = ConfigKey.of("channels[].pulses-per-kwh",
            ValueType.Decimal.between("0.01", "1000000"),
            "Electricity meter: pulses per kWh (the S0 constant); give this or litres-per-pulse.")
            .example("1000");
    public static final ConfigKey<BigDecimal> LITRES_PER_PULSE = ConfigKey.of("channels[].litres-per-pulse",
            ValueType.Decimal.between("0.0001", "100000"),
            "Water meter: litres per pulse, decimals allowed; give this or pulses-per-kwh.")
            .example("1");

    private PulseType() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<PulseChannelConfig> configType() {
        return PulseChannelConfig.class;
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(ConfigKeys.CHANNEL_INPUT, DEBOUNCE, PULSES_PER_KWH, LITRES_PER_PULSE);
    }

    @Override
    public PulseChannelConfig read(ChannelSection s) {
        String input = s.get(ConfigKeys.CHANNEL_INPUT);
        Duration debounce = s.get(DEBOUNCE);
        BigDecimal pulsesPerKwh = s.get(PULSES_PER_KWH);
        BigDecimal litresPerPulse = s.get(LITRES_PER_PULSE);
        boolean electricity = s.has(PULSES_PER_KWH);
        boolean water = s.has(LITRES_PER_PULSE);
        if (electricity && water) {
            ConfigKey<?> later = s.line(LITRES_PER_PULSE) >= s.line(PULSES_PER_KWH) ? LITRES_PER_PULSE : PULSES_PER_KWH;
            s.error(later, "give either pulses-per-kwh (electricity) or litres-per-pulse (water), not both");
            return null;
        }
        if (!electricity && !water) {
            s.error("a pulse channel needs pulses-per-kwh (electricity) or litres-per-pulse (water)");
            return null;
        }
        if (debounce == null || (electricity ? pulsesPerKwh == null : litresPerPulse == null) || s.id() == null
                || input == null) {
            return null;
        }
        return new PulseChannelConfig(s.id(), input, debounce,
                electricity ? PulseChannelConfig.Medium.ELECTRICITY : PulseChannelConfig.Medium.WATER,
                pulsesPerKwh, litresPerPulse);
    }

    @Override
    public List<InputUse> uses(PulseChannelConfig p) {
        return List.of(new InputUse(ConfigKeys.CHANNEL_INPUT,
                new PinUse(p.id(), p.input(), PinUse.Capability.PULSE_COUNTER)));
    }

    @Override
    public Channel open(PulseChannelConfig p, Board board) throws BoardException {
        var counter = board.pulseCounter(new PulseInput(p.id(), p.input(), p.debounce()));
        var sleeper = board.sleeper();
        return p.medium() == PulseChannelConfig.Medium.ELECTRICITY
                ? PulseChannel.electricity(p.id(), counter, p.pulsesPerKwh(), sleeper::elapsedNanos)
                : PulseChannel.water(p.id(), counter, p.litresPerPulse(), sleeper::elapsedNanos);
    }

    @Override
    public List<String> calibrationKeys() {
        return List.of(PULSES_PER_KWH.name(), LITRES_PER_PULSE.name());
    }

    @Override
    public String calibrationKey(PulseChannelConfig p) {
        return p.pulsesPerKwh() != null ? PULSES_PER_KWH.name() : LITRES_PER_PULSE.name();
    }

    @Override
    public String setting(PulseChannelConfig p, String key) {
        BigDecimal value = key.equals(PULSES_PER_KWH.name()) ? p.pulsesPerKwh()
                : key.equals(LITRES_PER_PULSE.name()) ? p.litresPerPulse() : null;
        return value == null ? null : value.toPlainString();
    }

    @Override
    public void recalibrate(Channel channel, PulseChannelConfig p) {
        ((PulseChannel) channel).recalibrate(p.pulsesPerKwh() != null ? p.pulsesPerKwh() : p.litresPerPulse());
    }
}
