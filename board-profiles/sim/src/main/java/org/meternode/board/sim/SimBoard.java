package org.meternode.board.sim;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.meternode.hal.Board;
import org.meternode.hal.BoardException;
import org.meternode.hal.PinClaims;
import org.meternode.hal.PulseInput;

/**
 * The simulated board: meters declared in the options, driven by a virtual clock that survives
 * restarts. Besides the {@link Board} capabilities it offers the ground truth tests compare against:
 * what each meter really did at any instant, and a journal of every value handed out.
 */
public final class SimBoard implements Board {
    private final SimClock clock;
    private final SimSleeper sleeper;
    private final Map<String, MeterSpec> specs;
    private final Map<String, Object> meters = new LinkedHashMap<>();
    private final Map<String, AtomicBoolean> levels = new LinkedHashMap<>();
    private final Map<String, String> outputs = new ConcurrentHashMap<>();
    private final PinClaims claims = new PinClaims();
    private final TruthJournal journal = new TruthJournal();
    private final String metersWhere;
    private final AtomicBoolean closed = new AtomicBoolean();

    SimBoard(SimOptions options, SimClock clock, String metersWhere) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = new SimSleeper(clock);
        this.specs = options.meters();
        this.metersWhere = metersWhere;
        specs.forEach((pin, spec) -> meters.put(pin, meterFor(pin, spec, options.seed(), clock.epoch())));
    }

    private Object meterFor(String pin, MeterSpec spec, long seed, Instant epoch) {
        SeededNoise noise = new SeededNoise(seed, pin);
        return switch (spec) {
            case MeterSpec.S0Electricity s -> new S0ElectricityMeter(s, noise, epoch);
            case MeterSpec.WaterReed w -> new WaterReedMeter(w, noise, epoch);
            case MeterSpec.CtClamp c -> new CtClampMeter(c, noise);
            case MeterSpec.Digital d -> {
                levels.put(pin, new AtomicBoolean(d.initial()));
                yield d;
            }
        };
    }

    @Override
    public String name() {
        return SimBoardProvider.NAME;
    }

    @Override
    public SimSleeper sleeper() {
        return sleeper;
    }

    /** The virtual clock (same as {@code sleeper().clock()}). */
    public SimClock clock() {
        return clock;
    }

    /** Debounce is accepted and ignored: simulated pulses are clean. */
    @Override
    public SimPulseCounter pulseCounter(PulseInput input) throws BoardException {
        Object meter = declared(input.channel(), input.pin());
        if (!(meter instanceof PulseMeter pulses)) {
            throw wrongType(input.channel(), input.pin(), "a pulse counter",
                    MeterSpec.S0Electricity.TYPE + " or " + MeterSpec.WaterReed.TYPE);
        }
        claim(input.channel(), input.pin());
        return new SimPulseCounter(input.channel(), input.pin(), pulses, this);
    }

    @Override
    public SimAnalogChannel analogChannel(String channel, String input) throws BoardException {
        Object meter = declared(channel, input);
        if (!(meter instanceof CtClampMeter ct)) {
            throw wrongType(channel, input, "an analog channel", MeterSpec.CtClamp.TYPE);
        }
        claim(channel, input);
        return new SimAnalogChannel(channel, input, ct, this);
    }

    @Override
    public SimDigitalInput digitalInput(String channel, String pin) throws BoardException {
        claimDigital(channel, pin, "a digital input");
        return new SimDigitalInput(channel, pin, levels.get(pin), this);
    }

    @Override
    public SimDigitalOutput digitalOutput(String channel, String pin) throws BoardException {
        claimDigital(channel, pin, "a digital output");
        outputs.put(pin, channel);
        return new SimDigitalOutput(channel, pin, levels.get(pin), this);
    }

    @Override
    public void close() {
        closed.set(true);
    }

    // ---- ground truth for tests ----

    /** The meters declared in the options, by pin, in config order. */
    public Map<String, MeterSpec> meters() {
        return specs;
    }

    /** Pulses of the meter at {@code pin} from the sim epoch to {@code t}. */
    public long pulsesAt(String pin, Instant t) {
        return meter(pin, PulseMeter.class, "a pulse meter").pulsesAt(t);
    }

    /** Energy of the S0 electricity meter at {@code pin} from the sim epoch to {@code t}, in kWh. */
    public double energyKwhAt(String pin, Instant t) {
        return meter(pin, S0ElectricityMeter.class, MeterSpec.S0Electricity.TYPE).energyKwhAt(t);
    }

    /** Power drawn through the S0 electricity meter at {@code pin} at {@code t}, in W. */
    public double wattsAt(String pin, Instant t) {
        return meter(pin, S0ElectricityMeter.class, MeterSpec.S0Electricity.TYPE).wattsAt(t);
    }

    /** Water through the meter at {@code pin} from the sim epoch to {@code t}, in litres. */
    public double litresAt(String pin, Instant t) {
        return meter(pin, WaterReedMeter.class, MeterSpec.WaterReed.TYPE).litresAt(t);
    }

    /** Water flow through the meter at {@code pin} at {@code t}, in litres per minute. */
    public double litresPerMinuteAt(String pin, Instant t) {
        return meter(pin, WaterReedMeter.class, MeterSpec.WaterReed.TYPE).litresPerMinuteAt(t);
    }

    /** The true RMS primary current through the CT clamp at {@code pin} at {@code t}, in A. */
    public double trueAmpsRmsAt(String pin, Instant t) {
        return meter(pin, CtClampMeter.class, MeterSpec.CtClamp.TYPE).ampsRmsAt(t);
    }

    /** Every value handed out (the last {@value TruthJournal#CAPACITY}), oldest first; a copy. */
    public List<TruthRecord> journal() {
        return journal.snapshot();
    }

    /** Sets the level a digital input at {@code pin} reads. */
    public void setLevel(String pin, boolean high) {
        AtomicBoolean level = level(pin);
        String output = outputs.get(pin);
        if (output != null) {
            throw new IllegalStateException("pin '" + pin + "' is an output of channel '" + output
                    + "'; its level is set by the app");
        }
        level.set(high);
    }

    /** The level last set on the digital pin at {@code pin} (its {@code initial} before any set). */
    public boolean outputLevel(String pin) {
        return level(pin).get();
    }

    // ---- for this package's channels ----

    void ensureOpen(String channel) throws IOException {
        if (closed.get()) {
            throw new IOException("channel '" + channel + "': the sim board is closed");
        }
    }

    void record(TruthRecord record) {
        journal.add(record);
    }

    private void claimDigital(String channel, String pin, String what) throws BoardException {
        if (!(declared(channel, pin) instanceof MeterSpec.Digital)) {
            throw wrongType(channel, pin, what, MeterSpec.Digital.TYPE);
        }
        claim(channel, pin);
    }

    private void claim(String channel, String pin) throws BoardException {
        claims.claim(PinClaims.channel(channel), "pin", "'" + pin + "'");
    }

    private Object declared(String channel, String pin) throws BoardException {
        Object meter = meters.get(pin);
        if (meter == null) {
            throw new BoardException("channel '" + channel + "': pin '" + pin + "' has no simulated meter at "
                    + metersWhere + " (declared pins: " + declaredPins() + ")");
        }
        return meter;
    }

    private BoardException wrongType(String channel, String pin, String asked, String needed) {
        return new BoardException("channel '" + channel + "': pin '" + pin + "' is a " + specs.get(pin).type()
                + " meter and cannot serve as " + asked + " (needs type " + needed + ")");
    }

    private <T> T meter(String pin, Class<T> type, String what) {
        Object meter = meters.get(pin);
        if (meter == null) {
            throw new IllegalArgumentException("pin '" + pin + "' has no simulated meter (declared pins: "
                    + declaredPins() + ")");
        }
        if (!type.isInstance(meter)) {
            throw new IllegalArgumentException("pin '" + pin + "' is a " + specs.get(pin).type() + " meter, not "
                    + what);
        }
        return type.cast(meter);
    }

    private AtomicBoolean level(String pin) {
        AtomicBoolean level = levels.get(pin);
        if (level == null) {
            throw new IllegalArgumentException("pin '" + pin + "' is not declared with type: digital (declared pins: "
                    + declaredPins() + ")");
        }
        return level;
    }

    private String declaredPins() {
        return specs.isEmpty() ? "none" : String.join(", ", specs.keySet());
    }
}
