package org.meternode.board.sim;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.meternode.hal.AnalogInput;
import org.meternode.hal.Board;
import org.meternode.hal.ClockSync;
import org.meternode.hal.BoardException;
import org.meternode.hal.DigitalInput;
import org.meternode.hal.DigitalOutput;
import org.meternode.hal.PinClaims;
import org.meternode.hal.PowerMonitor;
import org.meternode.hal.PowerMonitorInput;
import org.meternode.hal.PulseInput;
import org.meternode.hal.Watchdog;
import org.meternode.hal.chip.Ina219;

/**
 * The simulated board: meters declared in the options, driven by a virtual clock that survives
 * restarts. ADC inputs and power monitors are read by the hal chip drivers over simulated buses
 * against register models ({@link SimChips}). Besides the {@link Board} capabilities it offers the
 * ground truth tests compare against: what each meter really did at any instant, and a journal of
 * every value handed out.
 */
public final class SimBoard implements Board {
    /** Mains RMS voltage for a CT clamp's real power when the board has no ac-voltage meter. */
    public static final double NOMINAL_MAINS_VOLTS = 230;
    private final SimClock clock;
    private final SimSleeper sleeper;
    private final SimSystemClock systemClock;
    private final AtomicBoolean clockSynchronised = new AtomicBoolean(true);
    private final ClockSync clockSync = new ClockSync() {
        @Override
        public boolean synchronised() {
            return clockSynchronised.get();
        }

        @Override
        public String describe() {
            return clockSynchronised.get() ? "sim clock synchronised" : "sim clock not synchronised (set by the test)";
        }
    };
    private final Map<String, MeterSpec> specs;
    private final Map<String, Object> meters = new LinkedHashMap<>();
    private final Map<String, AtomicBoolean> levels = new LinkedHashMap<>();
    private final Map<String, String> outputs = new ConcurrentHashMap<>();
    private final SimPins pins;
    private final TruthJournal journal = new TruthJournal();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final SimChips chips;
    private final SimOptions options;
    private final WallTime wall;
    private final Consumer<String> watchdogReset;
    private final SimDigitalInput tamper;
    private final SimDigitalOutput statusLed;
    private SimWatchdog watchdog;

    SimBoard(SimOptions options, SimClock clock, WallTime wall, Consumer<String> watchdogReset,
            java.util.function.Function<String, String> where) throws BoardException {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.systemClock = new SimSystemClock(clock);
        this.sleeper = new SimSleeper(clock, systemClock);
        this.options = options;
        this.specs = options.meters();
        this.pins = new SimPins(options, where);
        this.wall = Objects.requireNonNull(wall, "wall");
        this.watchdogReset = Objects.requireNonNull(watchdogReset, "watchdogReset");
        specs.forEach((pin, spec) -> meters.put(pin, meterFor(pin, spec, options.seed(), clock.epoch())));
        this.chips = new SimChips(specs, meters);
        pins.claimOptionPins();
        this.tamper = options.tamper().isPresent()
                ? input(where.apply(SimOptionsParser.TAMPER), options.tamper().get()) : null;
        this.statusLed = options.statusLed().isPresent()
                ? output(where.apply(SimOptionsParser.STATUS_LED), options.statusLed().get()) : null;
    }

    private Object meterFor(String pin, MeterSpec spec, long seed, Instant epoch) {
        SeededNoise noise = new SeededNoise(seed, pin);
        return switch (spec) {
            case MeterSpec.S0Electricity s -> new S0ElectricityMeter(s, noise, epoch);
            case MeterSpec.WaterReed w -> new WaterReedMeter(w, noise, epoch);
            case MeterSpec.CtClamp c -> new CtClampMeter(c, noise);
            case MeterSpec.AcVoltage v -> new AcVoltageMeter(v, noise);
            case MeterSpec.DcVoltage v -> new DcVoltageMeter(v);
            case MeterSpec.Ina219 i -> new Ina219Meter(i, noise);
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

    /**
     * The virtual timeline the meters run on. The node reads {@code sleeper().clock()}, which is the
     * same until {@link #stepClock} sets it apart.
     */
    public SimClock clock() {
        return clock;
    }

    /** Synchronised unless a test says otherwise with {@link #setClockSynchronised}. */
    @Override
    public ClockSync clockSync() {
        return clockSync;
    }

    /** As NTP would report: false holds the node's sampling until true again. */
    public void setClockSynchronised(boolean synchronised) {
        clockSynchronised.set(synchronised);
    }

    /**
     * Steps the node's system clock by {@code step} (negative: back), as NTP or a Pi booting
     * without RTC does; the meters keep running on {@link #clock()}, so no energy is made or lost.
     */
    public void stepClock(Duration step) {
        systemClock.step(step);
    }

    /** How far the node's system clock is from the meters' timeline (zero until stepped). */
    public Duration clockOffset() {
        return systemClock.offset();
    }

    /** What the node's system clock read when the timeline was at {@code truth}. */
    Instant systemInstantAt(Instant truth) {
        return systemClock.at(truth);
    }

    /** Debounce is accepted and ignored: simulated pulses are clean. */
    @Override
    public SimPulseCounter pulseCounter(PulseInput input) throws BoardException {
        pins.pulseCounter(input.channel(), input.pin());
        return new SimPulseCounter(input.channel(), input.pin(), (PulseMeter) meters.get(input.pin()), this);
    }

    /**
     * The ADC input {@code input}: a meter key as declared ({@code A0}), or an input name that means
     * the same chip input ({@code ads1115/A0} for a meter keyed {@code ads1115@0x48/A0}).
     */
    @Override
    public SimAnalogChannel analogChannel(String channel, String input) throws BoardException {
        String pin = pins.analog(channel, input);
        AnalogMeter meter = (AnalogMeter) meters.get(pin);
        AnalogInput parsed = SimOptionsParser.chipInput(pin).orElse(null);
        return new SimAnalogChannel(channel, pin, meter, chips.timeOf(pin), chips.driverChannel(pin, parsed), this);
    }

    /**
     * The INA219 at {@code input} ({@code ina219@0x40}), read by the hal driver on the sim I2C bus
     * with the given shunt and calibration; the chip is configured here, so a chip that does not
     * answer fails now, naming the channel and the input.
     */
    @Override
    public PowerMonitor powerMonitor(String channel, String input, double shuntOhm, double maxAmps)
            throws BoardException {
        String holder = PinClaims.channel(channel);
        PowerMonitorInput parsed = PowerMonitorInput.parse(holder, input);
        String pin = pins.powerMonitor(holder, input, parsed);
        Ina219 driver;
        try {
            driver = new Ina219(chips.i2c(), parsed.address(), shuntOhm, maxAmps);
        } catch (IllegalArgumentException e) {
            throw new BoardException(holder + ": power monitor input '" + input + "': " + e.getMessage(), e);
        }
        pins.claim(channel, pin);
        try {
            driver.configure();
        } catch (IOException e) {
            pins.release(pin);
            throw new BoardException(holder + ": power monitor input '" + input + "' did not answer (" + e.getMessage()
                    + ")", e);
        }
        return new SimPowerMonitor(channel, pin, (Ina219Meter) meters.get(pin), chips.ina219(parsed.address()),
                driver.monitor(), this);
    }

    @Override
    public SimDigitalInput digitalInput(String channel, String pin) throws BoardException {
        String holder = PinClaims.channel(channel);
        pins.digitalInput(holder, pin);
        return input(holder, pin);
    }

    @Override
    public SimDigitalOutput digitalOutput(String channel, String pin) throws BoardException {
        String holder = PinClaims.channel(channel);
        pins.digitalOutput(holder, pin);
        return output(holder, pin);
    }

    /**
     * The watchdog of option {@code watchdog}, armed by the first call (as opening /dev/watchdog
     * arms a real one); it counts wall time. Empty when not configured.
     */
    @Override
    public synchronized Optional<Watchdog> watchdog() {
        if (options.watchdog().isEmpty()) {
            return Optional.empty();
        }
        if (watchdog == null) {
            watchdog = new SimWatchdog(options.watchdog().get(), wall, watchdogReset).start();
        }
        return Optional.of(watchdog);
    }

    /** The switch on the digital pin of option {@code tamper} (high = lid open). */
    @Override
    public Optional<DigitalInput> tamper() {
        return Optional.ofNullable(tamper);
    }

    /** The LED on the digital pin of option {@code status-led}. */
    @Override
    public Optional<DigitalOutput> statusLed() {
        return Optional.ofNullable(statusLed);
    }

    /** Stops handing out values; disarms the watchdog (magic close). */
    @Override
    public void close() {
        closed.set(true);
        SimWatchdog w;
        synchronized (this) {
            w = watchdog;
        }
        if (w != null) {
            w.close();
        }
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

    /**
     * The true real power through the CT clamp at {@code ctPin} at {@code t}, in W: the mains voltage
     * of {@link #mainsMeterFor} times the fundamental current times the power factor.
     */
    public double realWattsAt(String ctPin, Instant t) {
        CtClampMeter ct = meter(ctPin, CtClampMeter.class, MeterSpec.CtClamp.TYPE);
        return ct.realWattsAt(t, mainsMeterFor(ctPin).map(v -> v.voltsRmsAt(t)).orElse(NOMINAL_MAINS_VOLTS));
    }

    /** The true RMS mains voltage of the {@code ac-voltage} meter at {@code voltagePin} at {@code t}, in V. */
    public double mainsVoltsAt(String voltagePin, Instant t) {
        return meter(voltagePin, AcVoltageMeter.class, MeterSpec.AcVoltage.TYPE).voltsRmsAt(t);
    }

    /** The true DC power of the {@code ina219} meter at {@code pin} at {@code t}, in W. */
    public double dcWattsAt(String pin, Instant t) {
        return meter(pin, Ina219Meter.class, MeterSpec.Ina219.TYPE).wattsAt(t);
    }

    /** The true DC current of the {@code ina219} meter at {@code pin} at {@code t}, in A. */
    public double dcAmpsAt(String pin, Instant t) {
        return meter(pin, Ina219Meter.class, MeterSpec.Ina219.TYPE).ampsAt(t);
    }

    /** The true bus voltage of the {@code ina219} meter at {@code pin} at {@code t}, in V. */
    public double dcBusVoltsAt(String pin, Instant t) {
        return meter(pin, Ina219Meter.class, MeterSpec.Ina219.TYPE).busVoltsAt(t);
    }

    /** Sets the voltage of the {@code dc-voltage} input at {@code pin}. */
    public void setVolts(String pin, double volts) {
        meter(pin, DcVoltageMeter.class, MeterSpec.DcVoltage.TYPE).set(volts);
    }

    /**
     * Unplugs the chip behind the analog or ina219 meter at {@code pin}: from now on it does not
     * answer, and reads fail with the driver's IOException (other inputs of that chip too).
     */
    public void unplug(String pin) {
        Object meter = meters.get(pin);
        if (!(meter instanceof AnalogMeter) && !(meter instanceof Ina219Meter)) {
            throw new IllegalArgumentException("pin '" + pin + "' is not behind a simulated chip (declared pins: "
                    + declaredPins() + ")");
        }
        chips.unplug(pin, meter instanceof Ina219Meter ? Optional.of(SimOptionsParser.inaAddress(pin)) : Optional.empty());
    }

    /** Opens (high, true) or closes the tamper switch of option {@code tamper}. */
    public void setTamperOpen(boolean open) {
        setLevel(options.tamper().orElseThrow(() -> new IllegalStateException("no tamper option")), open);
    }

    /** Whether the status LED of option {@code status-led} is on. */
    public boolean statusLedOn() {
        return outputLevel(options.statusLed().orElseThrow(() -> new IllegalStateException("no status-led option")));
    }

    /** The watchdog, if {@link #watchdog()} armed it: its feeds and whether it fired. */
    public synchronized Optional<SimWatchdog> simWatchdog() {
        return Optional.ofNullable(watchdog);
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

    /** The sample clock of the ADC chip behind analog meter {@code pin} (for pacing checks in tests). */
    java.time.Clock sampleClock(String pin) {
        return chips.timeOf(pin).clock();
    }

    /** The mains voltage a CT clamp's real power uses: an ac-voltage meter on its ADS1115, else the board's first. */
    Optional<AcVoltageMeter> mainsMeterFor(String ctPin) {
        var chip = chips.adsOf(ctPin);
        Optional<String> sameChip = specs.keySet().stream()
                .filter(k -> specs.get(k) instanceof MeterSpec.AcVoltage)
                .filter(k -> chip.isPresent() && chips.adsOf(k).equals(chip))
                .findFirst();
        Optional<String> any = sameChip.or(() -> specs.keySet().stream()
                .filter(k -> specs.get(k) instanceof MeterSpec.AcVoltage).findFirst());
        return any.map(k -> (AcVoltageMeter) meters.get(k));
    }

    /** The input on a digital pin {@link #pins} gave {@code holder}. */
    private SimDigitalInput input(String holder, String pin) {
        return new SimDigitalInput(label(holder), pin, levels.get(pin), this);
    }

    /** The output on a digital pin {@link #pins} gave {@code holder}. */
    private SimDigitalOutput output(String holder, String pin) {
        outputs.put(pin, holder);
        return new SimDigitalOutput(label(holder), pin, levels.get(pin), this);
    }

    /** The channel name inside {@code channel 'x'}, or an option holder as it is. */
    private static String label(String holder) {
        return holder.startsWith("channel '") && holder.endsWith("'") ? holder.substring(9, holder.length() - 1) : holder;
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
        return pins.declaredPins();
    }
}
