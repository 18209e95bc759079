package org.meternode.app.channel;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.meternode.app.config.ChannelSection;
import org.meternode.app.config.ConfigKey;
import org.meternode.app.config.ConfigKeys;
import org.meternode.app.config.CtClampChannelConfig;
import org.meternode.app.config.ValueType;
import org.meternode.hal.Board;
import org.meternode.hal.BoardException;
import org.meternode.hal.PinUse;
import org.meternode.hal.sensor.CtClamp;

/** {@code type: ct-clamp}: a current transformer on a burden resistor, optionally with a voltage reference. */
public final class CtClampType implements ChannelType<CtClampChannelConfig> {
    public static final String NAME = "ct-clamp";
    public static final CtClampType INSTANCE = new CtClampType();

    public static final ConfigKey<CtClampChannelConfig.Ratio> RATIO = ConfigKey.of("channels[].ratio",
            new ValueType.Ratio(), "Clamp rating, primary:secondary current in A or mA.")
            .required("\"100A:50mA\"");
    public static final ConfigKey<BigDecimal> BURDEN_OHM = ConfigKey.of("channels[].burden-ohm",
            ValueType.Decimal.positive(), "Burden resistor across the clamp's secondary, in ohms.")
            .required("22");
    public static final ConfigKey<BigDecimal> VOLTS = ConfigKey.of("channels[].volts",
            ValueType.Decimal.positiveUpTo("1000"),
            "Nominal mains voltage; when set the channel also reports apparent power in VA (Irms x volts; not"
                    + " real power: power factor is unknown) and apparent energy in kVAh. Give this or voltage-input.")
            .example("230");
    public static final ConfigKey<String> VOLTAGE_INPUT = ConfigKey.of("channels[].voltage-input", ValueType.text(ConfigKeys.INPUT_NAME),
            "ADC input of the mains voltage reference (an AC-AC adapter through a divider, see Board wiring); with it"
                    + " the channel reports mains voltage, real power (W), apparent power (VA) and energy (kWh).")
            .example("ads1115@0x48/A1");
    public static final ConfigKey<BigDecimal> VOLTS_PER_VOLT = ConfigKey.of("channels[].volts-per-volt",
            ValueType.Decimal.positive(), "Mains volts per volt at voltage-input (adapter ratio x divider); required"
                    + " with voltage-input. Calibrate: multimeter mains volts / reported volts x this value.")
            .example("287.5");
    public static final ConfigKey<Integer> MAINS_HZ = ConfigKey.of("channels[].mains-hz",
            ValueType.Whole.oneOf(50, 60), "Mains frequency.").withDefault(50);
    public static final ConfigKey<Integer> CYCLES = ConfigKey.of("channels[].cycles",
            ValueType.Whole.between(1, 500), "Whole mains cycles sampled per measurement.")
            .withDefault(20);
    public static final ConfigKey<BigDecimal> CALIBRATION = ConfigKey.of("channels[].calibration",
            ValueType.Decimal.between("0.5", "2.0"), "Multiplier applied to the measured current.")
            .withDefault(new BigDecimal("1.0"));

    private CtClampType() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<CtClampChannelConfig> configType() {
        return CtClampChannelConfig.class;
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(ConfigKeys.CHANNEL_INPUT, RATIO, BURDEN_OHM, VOLTS, VOLTAGE_INPUT, VOLTS_PER_VOLT, MAINS_HZ,
                CYCLES, CALIBRATION);
    }

    @Override
    public List<ConfigKey<String>> inputKeys() {
        return List.of(ConfigKeys.CHANNEL_INPUT, VOLTAGE_INPUT);
    }

    @Override
    public CtClampChannelConfig read(ChannelSection s) {
        String input = s.get(ConfigKeys.CHANNEL_INPUT);
        CtClampChannelConfig.Ratio ratio = s.get(RATIO);
        BigDecimal burden = s.get(BURDEN_OHM);
        BigDecimal volts = s.get(VOLTS);
        Integer mainsHz = s.get(MAINS_HZ);
        Integer cycles = s.get(CYCLES);
        BigDecimal calibration = s.get(CALIBRATION);
        Optional<CtClampChannelConfig.VoltageInput> voltage = voltageInput(s);
        if (ratio == null || burden == null || (volts == null && s.has(VOLTS)) || mainsHz == null
                || cycles == null || calibration == null || s.id() == null || input == null || voltage == null) {
            return null;
        }
        return new CtClampChannelConfig(s.id(), input, ratio.primaryAmps(), ratio.secondaryAmps(), burden.doubleValue(),
                volts == null ? OptionalDouble.empty() : OptionalDouble.of(volts.doubleValue()),
                mainsHz, cycles, calibration.doubleValue(), voltage);
    }

    /** The voltage reference: empty when not wired, null when its keys are wrong. */
    private static Optional<CtClampChannelConfig.VoltageInput> voltageInput(ChannelSection s) {
        String input = s.get(VOLTAGE_INPUT);
        BigDecimal voltsPerVolt = s.get(VOLTS_PER_VOLT);
        boolean hasInput = s.has(VOLTAGE_INPUT);
        boolean hasRatio = s.has(VOLTS_PER_VOLT);
        if (!hasInput && !hasRatio) {
            return Optional.empty();
        }
        if (hasInput && s.has(VOLTS)) {
            s.error(VOLTS, "give volts (nominal voltage, apparent power only) or voltage-input (measured voltage,"
                    + " real power), not both");
            return null;
        }
        if (hasInput != hasRatio) {
            s.error(hasInput ? VOLTAGE_INPUT : VOLTS_PER_VOLT, hasInput
                    ? "voltage-input needs volts-per-volt: mains volts per volt at the ADC input, e.g. 287.5"
                    : "volts-per-volt needs voltage-input: the ADC input of the voltage reference");
            return null;
        }
        if (input == null || voltsPerVolt == null) {
            return null;
        }
        return Optional.of(new CtClampChannelConfig.VoltageInput(input, voltsPerVolt.doubleValue()));
    }

    @Override
    public List<InputUse> uses(CtClampChannelConfig ct) {
        List<InputUse> uses = new ArrayList<>();
        uses.add(new InputUse(ConfigKeys.CHANNEL_INPUT, new PinUse(ct.id(), ct.input(), PinUse.Capability.ANALOG)));
        ct.voltage().ifPresent(v -> uses.add(new InputUse(VOLTAGE_INPUT,
                new PinUse(ct.id(), v.input(), PinUse.Capability.ANALOG))));
        return uses;
    }

    @Override
    public Channel open(CtClampChannelConfig ct, Board board) throws BoardException {
        return new CtClampChannel(ct.id(), new CtClamp(board.analogChannel(ct.id(), ct.input()),
                ct.primaryAmps() / ct.secondaryAmps(), ct.burdenOhm(), ct.mainsHz(), ct.cycles(), ct.calibration()),
                ct.volts(), voltageReference(ct, board));
    }

    private static Optional<CtClamp.VoltageReference> voltageReference(CtClampChannelConfig ct, Board board)
            throws BoardException {
        if (ct.voltage().isEmpty()) {
            return Optional.empty();
        }
        CtClampChannelConfig.VoltageInput v = ct.voltage().get();
        return Optional.of(new CtClamp.VoltageReference(board.analogChannel(ct.id(), v.input()), v.voltsPerVolt()));
    }

    @Override
    public List<String> calibrationKeys() {
        return List.of(CALIBRATION.name());
    }

    @Override
    public String calibrationKey(CtClampChannelConfig ct) {
        return CALIBRATION.name();
    }

    @Override
    public String setting(CtClampChannelConfig ct, String key) {
        return key.equals(CALIBRATION.name()) ? Double.toString(ct.calibration()) : null;
    }

    @Override
    public void recalibrate(Channel channel, CtClampChannelConfig ct) {
        ((CtClampChannel) channel).recalibrate(ct.calibration());
    }
}
