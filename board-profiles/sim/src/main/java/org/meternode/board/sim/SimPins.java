package org.meternode.board.sim;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.meternode.hal.AnalogInput;
import org.meternode.hal.BoardException;
import org.meternode.hal.PinClaims;
import org.meternode.hal.PinUse;
import org.meternode.hal.PowerMonitorInput;

/**
 * The sim board's rules for taking a pin, and who holds which: a channel may only use a pin
 * declared under {@code board-options.meters}, with a meter of a type that serves what it asks.
 * It decides and claims, nothing else: {@link SimBoard} asks it before wiring a meter, and
 * {@code check-config} asks it alone ({@link SimBoardProvider#checkUses}) without a clock or the
 * state directory, so both refuse with the same words.
 */
final class SimPins {
    private final SimOptions options;
    private final Map<String, MeterSpec> specs;
    private final Function<String, String> where;
    private final String metersWhere;
    private final PinClaims claims = new PinClaims();

    SimPins(SimOptions options, Function<String, String> where) {
        this.options = options;
        this.specs = options.meters();
        this.where = where;
        this.metersWhere = where.apply("meters");
    }

    /** Claims the tamper switch and status LED pins of the options, as the board does when it opens. */
    void claimOptionPins() throws BoardException {
        if (options.tamper().isPresent()) {
            digitalInput(where.apply(SimOptionsParser.TAMPER), options.tamper().get());
        }
        if (options.statusLed().isPresent()) {
            digitalOutput(where.apply(SimOptionsParser.STATUS_LED), options.statusLed().get());
        }
    }

    /** Judges one use as its capability getter does, claiming what it takes. */
    void check(PinUse use) throws BoardException {
        switch (use.capability()) {
            case PULSE_COUNTER -> pulseCounter(use.channel(), use.input());
            case ANALOG -> analog(use.channel(), use.input());
            case POWER_MONITOR -> claim(use.channel(),
                    powerMonitor(use.holder(), use.input(), PowerMonitorInput.parse(use.holder(), use.input())));
            case DIGITAL_IN -> digitalInput(use.holder(), use.input());
            case DIGITAL_OUT -> digitalOutput(use.holder(), use.input());
        }
    }

    /** A pin with an s0-electricity or water-reed meter, claimed for {@code channel}. */
    void pulseCounter(String channel, String pin) throws BoardException {
        if (!(declared(PinClaims.channel(channel), pin) instanceof MeterSpec.S0Electricity)
                && !(specs.get(pin) instanceof MeterSpec.WaterReed)) {
            throw wrongType(PinClaims.channel(channel), pin, "a pulse counter",
                    MeterSpec.S0Electricity.TYPE + " or " + MeterSpec.WaterReed.TYPE);
        }
        claim(channel, pin);
    }

    /**
     * The meter key an ADC input means, claimed for {@code channel}: {@code input} itself if
     * declared, else the declared key naming the same chip input ({@code ads1115/A0} for a meter keyed
     * {@code ads1115@0x48/A0}); its meter must be analog.
     */
    String analog(String channel, String input) throws BoardException {
        String pin = analogPin(channel, input);
        if (!(specs.get(pin) instanceof MeterSpec.Analog)) {
            throw wrongType(PinClaims.channel(channel), pin, "an analog channel", MeterSpec.CtClamp.TYPE + ", "
                    + MeterSpec.AcVoltage.TYPE + " or " + MeterSpec.DcVoltage.TYPE);
        }
        claim(channel, pin);
        return pin;
    }

    /** The key of the ina219 meter at {@code parsed}'s address; not claimed yet (the driver's settings come first). */
    String powerMonitor(String holder, String input, PowerMonitorInput parsed) throws BoardException {
        return specs.keySet().stream()
                .filter(k -> specs.get(k) instanceof MeterSpec.Ina219 && SimOptionsParser.inaAddress(k) == parsed.address())
                .findFirst()
                .orElseThrow(() -> new BoardException(holder + ": power monitor input '" + input
                        + "' has no simulated meter of type " + MeterSpec.Ina219.TYPE + " at " + metersWhere
                        + " (declared pins: " + declaredPins() + ")"));
    }

    /** A digital pin claimed as an input for {@code holder} (a channel, or an option such as tamper). */
    void digitalInput(String holder, String pin) throws BoardException {
        claimDigital(holder, pin, "a digital input");
    }

    /** A digital pin claimed as an output for {@code holder}. */
    void digitalOutput(String holder, String pin) throws BoardException {
        claimDigital(holder, pin, "a digital output");
    }

    void claim(String channel, String pin) throws BoardException {
        claims.claim(PinClaims.channel(channel), "pin", "'" + pin + "'");
    }

    /** Gives {@code pin} back, e.g. after its chip did not answer. */
    void release(String pin) {
        claims.release("'" + pin + "'");
    }

    /** The declared meter keys, for messages: {@code GPIO17, A0} or {@code none}. */
    String declaredPins() {
        return specs.isEmpty() ? "none" : String.join(", ", specs.keySet());
    }

    private String analogPin(String channel, String input) throws BoardException {
        if (specs.containsKey(input)) {
            return input;
        }
        Optional<AnalogInput> parsed = AnalogInput.parseChip(PinClaims.channel(channel), input, 0);
        if (parsed.isPresent()) {
            String canonical = parsed.get().canonical();
            for (String key : specs.keySet()) {
                Optional<AnalogInput> declared = SimOptionsParser.chipInput(key);
                if (declared.isPresent() && declared.get().canonical().equals(canonical)) {
                    return key;
                }
            }
        }
        declared(PinClaims.channel(channel), input);
        return input; // not reached: declared(...) throws for an undeclared input
    }

    private void claimDigital(String holder, String pin, String what) throws BoardException {
        if (!(declared(holder, pin) instanceof MeterSpec.Digital)) {
            throw wrongType(holder, pin, what, MeterSpec.Digital.TYPE);
        }
        claims.claim(holder, "pin", "'" + pin + "'");
    }

    private MeterSpec declared(String holder, String pin) throws BoardException {
        MeterSpec spec = specs.get(pin);
        if (spec == null) {
            throw new BoardException(holder + ": pin '" + pin + "' has no simulated meter at "
                    + metersWhere + " (declared pins: " + declaredPins() + ")");
        }
        return spec;
    }

    private BoardException wrongType(String holder, String pin, String asked, String needed) {
        return new BoardException(holder + ": pin '" + pin + "' is a " + specs.get(pin).type()
                + " meter and cannot serve as " + asked + " (needs type " + needed + ")");
    }
}
