package org.meternode.board.linux;

import java.util.Map;
import java.util.function.Function;
import org.meternode.hal.BoardException;
import org.meternode.hal.PinClaims;
import org.meternode.hal.PinUse;

/**
 * The linux board's rules for taking a pin, and who holds which: a channel may only use a pin
 * declared under {@code board-options.pins}, of a kind that serves what it asks. It decides and
 * claims, nothing else: {@link LinuxBoard} asks it before opening a sysfs or /dev file, and
 * {@code check-config} asks it alone ({@link LinuxBoardProvider#checkUses}), so both refuse with
 * the same words.
 */
final class LinuxPins {
    private final LinuxOptions options;
    private final Function<String, String> where;
    private final String pinsWhere;
    private final PinClaims claims = new PinClaims();

    LinuxPins(LinuxOptions options, Function<String, String> where) {
        this.options = options;
        this.where = where;
        this.pinsWhere = where.apply("pins");
    }

    /** Judges one use as its capability getter does, claiming what it takes. */
    void check(PinUse use) throws BoardException {
        String holder = use.holder();
        String pin = use.input();
        switch (use.capability()) {
            case PULSE_COUNTER -> claim(holder, pin, pulseCounter(holder, pin));
            case ANALOG -> claim(holder, pin, analog(holder, pin));
            case POWER_MONITOR -> claim(holder, pin, powerMonitor(holder, pin));
            case DIGITAL_IN -> claim(holder, pin, digitalInput(holder, pin));
            case DIGITAL_OUT -> claim(holder, pin, digitalOutput(holder, pin));
        }
    }

    /**
     * Claims the tamper switch and status LED pins of the options, as the board does when the node
     * first asks for them (after the channels).
     */
    void claimOptionPins() throws BoardException {
        if (options.tamper().isPresent()) {
            String holder = where.apply(LinuxOptionsParser.TAMPER);
            String pin = options.tamper().get();
            claim(holder, pin, digitalInput(holder, pin));
        }
        if (options.statusLed().isPresent()) {
            String holder = where.apply(LinuxOptionsParser.STATUS_LED);
            String pin = options.statusLed().get();
            claim(holder, pin, digitalOutput(holder, pin));
        }
    }

    /** A declared counter or input-event pin; not claimed yet. */
    PinSpec pulseCounter(String holder, String pin) throws BoardException {
        PinSpec spec = declared(holder, pin);
        if (!(spec instanceof PinSpec.Counter) && !(spec instanceof PinSpec.InputEvent)) {
            throw wrongKind(holder, pin, spec, "a pulse counter", PinSpec.Counter.KIND + " or " + PinSpec.InputEvent.KIND);
        }
        return spec;
    }

    /** A declared iio pin; not claimed yet. */
    PinSpec.Iio analog(String holder, String pin) throws BoardException {
        PinSpec spec = declared(holder, pin);
        if (!(spec instanceof PinSpec.Iio iio)) {
            throw wrongKind(holder, pin, spec, "an analog channel", PinSpec.Iio.KIND);
        }
        return iio;
    }

    /** A declared ina2xx pin; not claimed yet (the board checks the channel's shunt first). */
    PinSpec.Ina2xx powerMonitor(String holder, String pin) throws BoardException {
        PinSpec spec = declared(holder, pin);
        if (!(spec instanceof PinSpec.Ina2xx ina)) {
            throw wrongKind(holder, pin, spec, "a power monitor", PinSpec.Ina2xx.KIND);
        }
        return ina;
    }

    /** A declared gpio pin with direction in; not claimed yet. */
    PinSpec.Gpio digitalInput(String holder, String pin) throws BoardException {
        PinSpec spec = declared(holder, pin);
        if (!(spec instanceof PinSpec.Gpio gpio) || gpio.direction() != PinSpec.Direction.IN) {
            throw wrongKind(holder, pin, spec, "a digital input", PinSpec.Gpio.KIND + " with direction in");
        }
        return gpio;
    }

    /** A declared led pin, or gpio pin with direction out; not claimed yet. */
    PinSpec digitalOutput(String holder, String pin) throws BoardException {
        PinSpec spec = declared(holder, pin);
        boolean output = spec instanceof PinSpec.Led
                || spec instanceof PinSpec.Gpio gpio && gpio.direction() == PinSpec.Direction.OUT;
        if (!output) {
            throw wrongKind(holder, pin, spec, "a digital output",
                    PinSpec.Gpio.KIND + " with direction out, or " + PinSpec.Led.KIND);
        }
        return spec;
    }

    /** Claims {@code pin} for {@code holder}; what the pin's errors start with from then on. */
    PinContext claim(String holder, String pin, PinSpec spec) throws BoardException {
        claims.claim(holder, "pin", pin);
        return new PinContext(holder, pin, spec.kind());
    }

    /** Gives {@code pin} back, e.g. after its files could not be opened. */
    void release(String pin) {
        claims.release(pin);
    }

    private PinSpec declared(String holder, String pin) throws BoardException {
        PinSpec spec = options.pins().get(pin);
        if (spec == null) {
            throw new BoardException(holder + ": pin " + pin + " is not declared at " + pinsWhere
                    + " (declared pins: " + declaredPins() + ")");
        }
        return spec;
    }

    private static BoardException wrongKind(String holder, String pin, PinSpec spec, String asked, String needed) {
        String is = spec instanceof PinSpec.Gpio gpio ? "a gpio pin with direction " + gpio.direction().sysfs()
                : ("aeiou".indexOf(spec.kind().charAt(0)) >= 0 ? "an " : "a ") + spec.kind() + " pin";
        return new BoardException(holder + ": pin " + pin + " is " + is + " and cannot serve as "
                + asked + " (needs kind " + needed + ")");
    }

    private String declaredPins() {
        Map<String, PinSpec> pins = options.pins();
        return pins.isEmpty() ? "none" : String.join(", ", pins.keySet());
    }
}
