package org.meternode.board.linux;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.meternode.hal.AnalogChannel;
import org.meternode.hal.Board;
import org.meternode.hal.BoardException;
import org.meternode.hal.DigitalInput;
import org.meternode.hal.DigitalOutput;
import org.meternode.hal.PinClaims;
import org.meternode.hal.PowerMonitor;
import org.meternode.hal.PulseCounter;
import org.meternode.hal.PulseInput;
import org.meternode.hal.Sleeper;
import org.meternode.hal.Watchdog;
import org.meternode.hal.serial.JSerialCommLine;
import org.meternode.hal.serial.SerialLine;
import org.meternode.hal.serial.SerialSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A generic Linux machine through kernel interfaces only: pulses from the counter subsystem or
 * gpio-keys input events, voltages from IIO ADCs, digital lines from sysfs GPIO and LEDs, plus the
 * watchdog and an RTC wake alarm, and serial ports through jSerialComm or, without its native
 * library, stty and file I/O. Pins are declared in the options; each may be claimed once.
 */
public final class LinuxBoard implements Board {
    private static final Logger LOG = LoggerFactory.getLogger(LinuxBoard.class);

    /** Opens a serial port one way; the seam where tests stand in for a jSerialComm without natives. */
    @FunctionalInterface
    interface PortOpener {
        SerialLine open(String path, SerialSettings settings, Duration readTimeout) throws IOException;
    }

    /** jSerialComm's own opener; its native library loads at the first call. */
    static final PortOpener JSERIALCOMM = JSerialCommLine::open;

    private final LinuxOptions options;
    private final KernelPaths paths;
    private final org.meternode.hal.ClockSync clockSync = org.meternode.hal.KernelClockSync.system();
    private final Sleeper sleeper;
    private final InputEventLayout layout;
    private final String watchdogWhere;
    private final Optional<RtcWakeSleeper> rtcWakeSleeper;
    private final LinuxPins pins;
    private final List<InputEventPulseCounter> readers = new CopyOnWriteArrayList<>();
    private final java.util.function.Function<String, String> where;
    private final PortOpener jSerialComm;
    /** Set once jSerialComm failed to load here (option serial: auto): later ports go to stty at once. */
    private volatile boolean jSerialCommMissing;
    private Watchdog watchdog;
    private DigitalInput tamper;
    private DigitalOutput statusLed;
    private volatile boolean closed;

    LinuxBoard(LinuxOptions options, Sleeper sleeper, InputEventLayout layout,
            java.util.function.Function<String, String> where, Optional<RtcWakeSleeper> rtcWakeSleeper,
            PortOpener jSerialComm) {
        this.options = options;
        this.jSerialComm = jSerialComm;
        this.paths = options.paths();
        this.sleeper = sleeper;
        this.layout = layout;
        this.where = where;
        this.pins = new LinuxPins(options, where);
        this.watchdogWhere = where.apply("watchdog");
        this.rtcWakeSleeper = rtcWakeSleeper;
    }

    @Override
    public String name() {
        return LinuxBoardProvider.NAME;
    }

    /** The plain sleeper (system clock unless a test injected one); ADC pacing uses it too. */
    @Override
    public Sleeper sleeper() {
        return sleeper;
    }

    /** The kernel's sync state (timesyncd flag, timedatectl), else the release floor. */
    @Override
    public org.meternode.hal.ClockSync clockSync() {
        return clockSync;
    }

    /** A counter pin or an input-event pin. */
    @Override
    public PulseCounter pulseCounter(PulseInput input) throws BoardException {
        String holder = PinClaims.channel(input.channel());
        PinSpec spec = pins.pulseCounter(holder, input.pin());
        PinContext pin = pins.claim(holder, input.pin(), spec);
        try {
            if (spec instanceof PinSpec.Counter counter) {
                if (input.debounce().isPositive()) {
                    LOG.info("{}: debounce {} is not applied: the kernel counter counts every edge (use kind "
                            + "input-event for contacts that bounce)", pin.prefix(), input.debounce());
                }
                return KernelCounterPulseCounter.open(pin, paths, counter, sleeper.clock(), this);
            }
            InputEventPulseCounter reader = InputEventPulseCounter.open(pin, paths, (PinSpec.InputEvent) spec,
                    input, layout, sleeper.clock(), this);
            readers.add(reader);
            return reader;
        } catch (BoardException e) {
            pins.release(input.pin());
            throw e;
        }
    }

    @Override
    public AnalogChannel analogChannel(String channel, String input) throws BoardException {
        String holder = PinClaims.channel(channel);
        PinSpec.Iio iio = pins.analog(holder, input);
        PinContext pin = pins.claim(holder, input, iio);
        try {
            return IioAnalogChannel.open(pin, paths, iio, sleeper, this);
        } catch (BoardException e) {
            pins.release(input);
            throw e;
        }
    }

    /**
     * The power monitor at pin {@code input}, a declared {@code kind: ina2xx} IIO device; the channel's
     * shunt is written to the driver's {@code in_shunt_resistor} when it differs. {@code maxAmps} is
     * not used: the kernel driver picks the calibration.
     */
    @Override
    public PowerMonitor powerMonitor(String channel, String input, double shuntOhm, double maxAmps)
            throws BoardException {
        String holder = PinClaims.channel(channel);
        PinSpec.Ina2xx ina = pins.powerMonitor(holder, input);
        if (!(shuntOhm > 0) || shuntOhm > 4294) {
            throw new BoardException(PinClaims.channel(channel) + ": pin " + input + " (ina2xx): the shunt must be > 0"
                    + " and fit the driver's in_shunt_resistor (µΩ), got " + shuntOhm + " ohm");
        }
        PinContext pin = pins.claim(holder, input, ina);
        try {
            return IioPowerMonitor.open(pin, paths, ina, shuntOhm, this);
        } catch (BoardException e) {
            pins.release(input);
            throw e;
        }
    }

    @Override
    public DigitalInput digitalInput(String channel, String pinName) throws BoardException {
        return openInput(PinClaims.channel(channel), pinName);
    }

    /** The tamper switch on the gpio input named by option {@code tamper}, claimed on the first call. */
    @Override
    public synchronized Optional<DigitalInput> tamper() throws BoardException {
        if (options.tamper().isPresent() && tamper == null) {
            tamper = openInput(where.apply(LinuxOptionsParser.TAMPER), options.tamper().get());
        }
        return Optional.ofNullable(tamper);
    }

    /** The status LED on the led (or gpio output) pin named by option {@code status-led}, claimed on the first call. */
    @Override
    public synchronized Optional<DigitalOutput> statusLed() throws BoardException {
        if (options.statusLed().isPresent() && statusLed == null) {
            statusLed = openOutput(where.apply(LinuxOptionsParser.STATUS_LED), options.statusLed().get());
        }
        return Optional.ofNullable(statusLed);
    }

    private DigitalInput openInput(String holder, String pinName) throws BoardException {
        PinSpec.Gpio gpio = pins.digitalInput(holder, pinName);
        PinContext pin = pins.claim(holder, pinName, gpio);
        try {
            return new SysfsDigitalInput(pin, SysfsGpioLine.open(pin, paths, gpio, sleeper), this);
        } catch (BoardException e) {
            pins.release(pinName);
            throw e;
        }
    }

    @Override
    public DigitalOutput digitalOutput(String channel, String pinName) throws BoardException {
        return openOutput(PinClaims.channel(channel), pinName);
    }

    private DigitalOutput openOutput(String holder, String pinName) throws BoardException {
        PinSpec spec = pins.digitalOutput(holder, pinName);
        PinContext pin = pins.claim(holder, pinName, spec);
        try {
            if (spec instanceof PinSpec.Led led) {
                return LedClassLed.open(pin, paths, led, this);
            }
            return new SysfsDigitalOutput(pin, SysfsGpioLine.open(pin, paths, (PinSpec.Gpio) spec, sleeper), "1", this);
        } catch (BoardException e) {
            pins.release(pinName);
            throw e;
        }
    }

    /**
     * The serial port at {@code port}, opened as option {@code serial} says: with {@code auto} (the
     * default) through jSerialComm, and with stty and file I/O ({@link SttySerialLine}) once
     * jSerialComm cannot load its native library on this system (musl libc, an architecture it has
     * no build for), which is logged once. Errors name the channel.
     */
    @Override
    public SerialLine serialLine(String channel, String port, SerialSettings settings, Duration readTimeout)
            throws IOException {
        String holder = PinClaims.channel(channel);
        try {
            return switch (options.serial()) {
                case STTY -> SttySerialLine.open(port, settings, readTimeout);
                case JSERIALCOMM -> openWithJSerialComm(holder, port, settings, readTimeout);
                case AUTO -> jSerialCommMissing ? SttySerialLine.open(port, settings, readTimeout)
                        : openAuto(port, settings, readTimeout);
            };
        } catch (IOException e) {
            throw new IOException(holder + ": " + e.getMessage(), e);
        }
    }

    private SerialLine openWithJSerialComm(String holder, String port, SerialSettings settings, Duration readTimeout)
            throws IOException {
        try {
            return jSerialComm.open(port, settings, readTimeout);
        } catch (LinkageError e) {
            throw new IOException("jSerialComm cannot load its native library on this system (" + firstLine(e)
                    + "); " + where.apply(LinuxOptionsParser.SERIAL) + " is jserialcomm: set it to stty (or auto) to "
                    + "open ports with stty and file I/O", e);
        }
    }

    /**
     * jSerialComm's class initialiser throws UnsatisfiedLinkError when none of its libraries loads
     * (they link against glibc), and NoClassDefFoundError at every later use: both are LinkageErrors.
     */
    private SerialLine openAuto(String port, SerialSettings settings, Duration readTimeout) throws IOException {
        try {
            return jSerialComm.open(port, settings, readTimeout);
        } catch (LinkageError e) {
            jSerialCommMissing = true;
            LOG.warn("{}: jSerialComm cannot load its native library on this system ({}); serial ports are opened "
                    + "with stty and file I/O", where.apply(LinuxOptionsParser.SERIAL), firstLine(e));
            return SttySerialLine.open(port, settings, readTimeout);
        }
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage()).strip();
        int end = message.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (end < 0 ? message : message.substring(0, end).strip());
    }

    /**
     * The watchdog named by option {@code watchdog}, opened (and so armed) on the first call; empty
     * when the option is not set. Feed it more often than its timeout; {@link #close()} disarms it.
     */
    @Override
    public synchronized Optional<Watchdog> watchdog() throws BoardException {
        if (options.watchdog().isEmpty()) {
            return Optional.empty();
        }
        if (closed) {
            throw new BoardException(watchdogWhere + ": the linux board is closed");
        }
        if (watchdog == null) {
            try {
                watchdog = DevWatchdog.open(paths.watchdog(options.watchdog().get()));
            } catch (IOException e) {
                throw new BoardException(watchdogWhere + ": " + e.getMessage(), e);
            }
        }
        return Optional.of(watchdog);
    }

    /** A sleeper that programs the RTC named by option {@code rtc} before each wait; empty without it. */
    public Optional<RtcWakeSleeper> rtcWakeSleeper() {
        return rtcWakeSleeper;
    }

    /** Stops the input-event readers and disarms the watchdog (magic close). */
    @Override
    public void close() {
        closed = true;
        readers.forEach(InputEventPulseCounter::close);
        synchronized (this) {
            if (watchdog != null) {
                try {
                    watchdog.close();
                } catch (IOException e) {
                    LOG.error("{}: {}", watchdogWhere, e.getMessage());
                }
            }
        }
    }

    void ensureOpen(PinContext pin) throws IOException {
        if (closed) {
            throw new IOException(pin.prefix() + ": the linux board is closed");
        }
    }
}
