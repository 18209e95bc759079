package org.meternode.board.pi;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiBus;
import com.pi4j.io.spi.SpiChipSelect;
import com.pi4j.io.spi.SpiMode;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.meternode.hal.AnalogChannel;
import org.meternode.hal.AnalogInput;
import org.meternode.hal.Board;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.PinClaims;
import org.meternode.hal.PowerMonitor;
import org.meternode.hal.PowerMonitorInput;
import org.meternode.hal.PulseInput;
import org.meternode.hal.Sleeper;
import org.meternode.hal.Watchdog;
import org.meternode.hal.bus.I2cNackException;
import org.meternode.hal.chip.Ads1115;
import org.meternode.hal.chip.Ina219;
import org.meternode.hal.chip.Mcp3008;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Raspberry Pi opened through Pi4J: pulse counters and logic pins on gpiod, ADS1115 inputs on
 * I2C and MCP3008 inputs on SPI through linuxfs. Besides the {@link Board} capabilities it offers
 * the hardware watchdog, the tamper switch and the status LED named in the options.
 */
public final class PiBoard implements Board {
    /** ADS1115: ±4.096 V covers a 3.3 V supply's whole input range; 860 SPS samples mains waveforms. */
    static final Ads1115.Gain ADS1115_GAIN = Ads1115.Gain.FSR_4V096;
    static final Ads1115.DataRate ADS1115_RATE = Ads1115.DataRate.SPS_860;
    /** MCP3008 powered from the Pi's 3.3 V rail, VREF tied to it. */
    static final double MCP3008_VREF_VOLTS = 3.3;
    /** The MCP3008 datasheet allows 1.35 MHz at 2.7 V. */
    static final int SPI_BAUD = 1_000_000;

    /** Header pins of the buses that sit on the same pins on every Pi model: I2C-1 and SPI0. */
    static final int I2C1_SDA = 2;
    static final int I2C1_SCL = 3;
    static final int[] SPI0_DATA_PINS = {9, 10, 11}; // MISO, MOSI, SCLK
    static final int[] SPI0_CHIP_SELECT_PINS = {8, 7}; // CE0, CE1

    private static final Logger LOG = LoggerFactory.getLogger(PiBoard.class);

    private final PiOptions options;
    private final Pi4jContext pi4j;
    private final Context context;
    private final org.meternode.hal.ClockSync clockSync = org.meternode.hal.KernelClockSync.system();
    private final Sleeper sleeper;
    private final PiPins pins;
    private final Map<Integer, Ads1115> ads1115s = new HashMap<>();
    private final Map<Integer, Mcp3008> mcp3008s = new HashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private Pi4jI2cBus i2c;
    private Watchdog watchdog;
    private Pi4jDigitalInput tamper;
    private Pi4jDigitalOutput statusLed;

    private PiBoard(PiOptions options, Pi4jContext pi4j, Sleeper sleeper) {
        this.options = options;
        this.pi4j = pi4j;
        this.context = pi4j.context();
        this.sleeper = sleeper;
        this.pins = new PiPins(options);
    }

    /**
     * Opens the board on {@code pi4j}: claims the tamper and LED pins and opens the watchdog named in
     * the options. On failure the context is shut down before the exception leaves.
     */
    static PiBoard open(PiOptions options, BoardOptions where, Pi4jContext pi4j, Sleeper sleeper)
            throws BoardException {
        PiBoard board = new PiBoard(Objects.requireNonNull(options), Objects.requireNonNull(pi4j),
                Objects.requireNonNull(sleeper));
        try {
            board.pins.claimOptionPins(where);
            if (options.tamper().isPresent()) {
                String holder = where.where(PiOptionsParser.TAMPER);
                board.tamper = board.openInput(holder, "tamper", options.tamper().get());
            }
            if (options.statusLed().isPresent()) {
                String holder = where.where(PiOptionsParser.STATUS_LED);
                board.statusLed = board.openOutput(holder, "status-led", options.statusLed().get());
            }
            if (options.watchdog().isPresent()) {
                board.watchdog = openWatchdog(where.where(PiOptionsParser.WATCHDOG), options.watchdog().get());
            }
            return board;
        } catch (BoardException | RuntimeException e) {
            board.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return PiBoardProvider.NAME;
    }

    @Override
    public Sleeper sleeper() {
        return sleeper;
    }

    /** The kernel's sync state (timesyncd flag, timedatectl), else the release floor. */
    @Override
    public org.meternode.hal.ClockSync clockSync() {
        return clockSync;
    }

    @Override
    public Pi4jPulseCounter pulseCounter(PulseInput input) throws BoardException {
        String holder = PinClaims.channel(input.channel());
        GpioPin pin = pins.gpio(holder, input.pin());
        try {
            DigitalInput in = context.create(DigitalInput.newConfigBuilder(context)
                    .name(input.channel())
                    .address(pin.bcm())
                    .pull(PullResistance.PULL_UP)
                    .debounce(input.debounce().toNanos() / 1000, TimeUnit.MICROSECONDS)
                    .provider(pi4j.digitalInputProvider()));
            return new Pi4jPulseCounter(input.channel(), in, input.debounce(), sleeper.clock(), this);
        } catch (RuntimeException e) {
            pins.release(pin.toString());
            throw cannotOpen(holder, pin, pi4j.digitalInputProvider(), e);
        }
    }

    @Override
    public synchronized AnalogChannel analogChannel(String channel, String input) throws BoardException {
        String holder = PinClaims.channel(channel);
        AnalogInput parsed = pins.analog(holder, input);
        try {
            return switch (parsed) {
                case AnalogInput.Ads1115Input ads -> ads1115Channel(holder, ads);
                case AnalogInput.Mcp3008Input mcp -> mcp3008Channel(holder, mcp);
            };
        } catch (BoardException | RuntimeException e) {
            pins.release(parsed.canonical());
            throw e;
        }
    }

    /**
     * The INA219 at {@code input} ({@code ina219@0x40}) on the board's I2C bus, through hal's
     * {@link Ina219} driver: configured and calibrated here, so a chip that does not answer fails now.
     */
    @Override
    public synchronized PowerMonitor powerMonitor(String channel, String input, double shuntOhm, double maxAmps)
            throws BoardException {
        String holder = PinClaims.channel(channel);
        PowerMonitorInput parsed = PowerMonitorInput.parse(holder, input);
        String what = holder + ": power monitor input '" + input + "'";
        if (!(shuntOhm > 0) || !(maxAmps > 0)) {
            throw new BoardException(what + ": shunt and max current must be > 0, got " + shuntOhm + " ohm, " + maxAmps
                    + " A");
        }
        pins.powerMonitor(holder, parsed);
        try {
            Pi4jI2cBus bus = i2cBus();
            Ina219 ina = new Ina219(bus, parsed.address(), shuntOhm, maxAmps);
            String chip = String.format("INA219 at I2C bus %d address 0x%02X", bus.bus(), parsed.address());
            try {
                ina.configure();
            } catch (IOException e) {
                throw new BoardException(what + ": " + chip + " did not answer (" + e.getMessage() + ")", e);
            }
            return ina.monitor();
        } catch (IllegalArgumentException e) {
            pins.release(parsed.canonical());
            throw new BoardException(what + ": " + e.getMessage(), e);
        } catch (BoardException | RuntimeException e) {
            pins.release(parsed.canonical());
            throw e;
        }
    }

    @Override
    public Pi4jDigitalInput digitalInput(String channel, String pin) throws BoardException {
        String holder = PinClaims.channel(channel);
        return openInput(holder, channel, pins.gpio(holder, pin));
    }

    @Override
    public Pi4jDigitalOutput digitalOutput(String channel, String pin) throws BoardException {
        String holder = PinClaims.channel(channel);
        return openOutput(holder, channel, pins.gpio(holder, pin));
    }

    /** The hardware watchdog from option {@code watchdog}, opened (so armed) with the board; empty when off. */
    @Override
    public Optional<Watchdog> watchdog() {
        return Optional.ofNullable(watchdog);
    }

    /** The tamper switch from option {@code tamper} (pulled up: an open switch reads high). */
    @Override
    public Optional<org.meternode.hal.DigitalInput> tamper() {
        return Optional.ofNullable(tamper);
    }

    /** The status LED from option {@code status-led}, off at start and at close. */
    @Override
    public Optional<org.meternode.hal.DigitalOutput> statusLed() {
        return Optional.ofNullable(statusLed);
    }

    /** Disarms the watchdog (magic close), then shuts Pi4J down: outputs go low, lines and buses are released. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (watchdog != null) {
            try {
                watchdog.close();
            } catch (IOException e) {
                LOG.error("{}: magic close failed, it stays armed: {}", watchdog, e.getMessage());
            }
        }
        try {
            context.shutdown();
        } catch (RuntimeException e) {
            LOG.error("pi board: Pi4J shutdown failed: {}", e.getMessage(), e);
        }
    }

    // ---- for this package's channels ----

    void ensureOpen(String holder) throws IOException {
        if (closed.get()) {
            throw new IOException(holder + ": the pi board is closed");
        }
    }

    /** Opens the input on a pin {@link #pins} gave {@code holder}; gives the pin back if it cannot. */
    private Pi4jDigitalInput openInput(String holder, String name, GpioPin pin) throws BoardException {
        try {
            DigitalInput in = context.create(DigitalInput.newConfigBuilder(context)
                    .name(name)
                    .address(pin.bcm())
                    .pull(PullResistance.PULL_UP)
                    .provider(pi4j.digitalInputProvider()));
            return new Pi4jDigitalInput(holder, pin, in, this);
        } catch (RuntimeException e) {
            pins.release(pin.toString());
            throw cannotOpen(holder, pin, pi4j.digitalInputProvider(), e);
        }
    }

    /** Opens the output on a pin {@link #pins} gave {@code holder}; gives the pin back if it cannot. */
    private Pi4jDigitalOutput openOutput(String holder, String name, GpioPin pin) throws BoardException {
        try {
            DigitalOutput out = context.create(DigitalOutput.newConfigBuilder(context)
                    .name(name)
                    .address(pin.bcm())
                    .initial(DigitalState.LOW)
                    .shutdown(DigitalState.LOW)
                    .provider(pi4j.digitalOutputProvider()));
            return new Pi4jDigitalOutput(holder, pin, out, this);
        } catch (RuntimeException e) {
            pins.release(pin.toString());
            throw cannotOpen(holder, pin, pi4j.digitalOutputProvider(), e);
        }
    }

    private AnalogChannel ads1115Channel(String holder, AnalogInput.Ads1115Input input) throws BoardException {
        Pi4jI2cBus bus = i2cBus();
        String chip = String.format("ADS1115 at I2C bus %d address 0x%02X", bus.bus(), input.address());
        try {
            // Read the config register: proves the chip is there before the app relies on it.
            bus.readRegister16(input.address(), 0x01);
        } catch (I2cNackException e) {
            throw new BoardException(holder + ": " + chip + " did not answer (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new BoardException(holder + ": " + chip + " could not be read: " + e.getMessage()
                    + " (is I2C on? dtparam=i2c_arm=on)", e);
        }
        Ads1115 adc = ads1115s.computeIfAbsent(input.address(),
                a -> new Ads1115(bus, a, ADS1115_GAIN, ADS1115_RATE, sleeper));
        return adc.channel(input.input(), Ads1115.Mode.CONTINUOUS);
    }

    private AnalogChannel mcp3008Channel(String holder, AnalogInput.Mcp3008Input input) throws BoardException {
        Mcp3008 adc = mcp3008s.get(input.chipSelect());
        if (adc == null) {
            adc = new Mcp3008(spiBus(holder, input.chipSelect()), MCP3008_VREF_VOLTS,
                    Mcp3008.DEFAULT_CHANNEL_SAMPLES_PER_SECOND, sleeper);
            mcp3008s.put(input.chipSelect(), adc);
        }
        try {
            // One conversion: a floating MISO (no chip) shows as a high null bit.
            adc.readCode(input.channel());
        } catch (IOException e) {
            throw new BoardException(holder + ": MCP3008 on SPI bus " + options.spiBus() + " chip select "
                    + input.chipSelect() + " did not answer (" + e.getMessage() + ")", e);
        }
        return adc.channel(input.channel());
    }

    /** The I2C bus, opened on first use; {@link #pins} has claimed its pins for the asking channel. */
    private Pi4jI2cBus i2cBus() {
        if (i2c == null) {
            i2c = new Pi4jI2cBus(context, pi4j.i2cProvider(), options.i2cBus());
        }
        return i2c;
    }

    /** SPI chip select {@code chipSelect}, opened; {@link #pins} has claimed the bus pins for the asking channel. */
    private Pi4jSpiBus spiBus(String holder, int chipSelect) throws BoardException {
        int bus = options.spiBus();
        try {
            Spi spi = context.create(Spi.newConfigBuilder(context)
                    .id("meternode-spi-" + bus + "-" + chipSelect)
                    .bus(SpiBus.getByNumber(bus))
                    .chipSelect(SpiChipSelect.getByNumber(chipSelect))
                    .mode(SpiMode.MODE_0)
                    .baud(SPI_BAUD)
                    .provider(pi4j.spiProvider()));
            return new Pi4jSpiBus(spi, bus, chipSelect);
        } catch (RuntimeException e) {
            throw new BoardException(holder + ": SPI bus " + bus + " chip select " + chipSelect
                    + " could not be opened through " + pi4j.spiProvider() + ": "
                    + GpiodLinuxFsContextFactory.rootMessage(e) + " (is SPI on? dtparam=spi=on)", e);
        }
    }

    private static Watchdog openWatchdog(String where, Path path) throws BoardException {
        try {
            return DevWatchdog.open(path);
        } catch (NoSuchFileException e) {
            throw new BoardException(where + ": " + path
                    + " does not exist (enable the watchdog with dtparam=watchdog=on in config.txt)", e);
        } catch (IOException e) {
            throw new BoardException(where + ": cannot open " + path + ": " + e.getMessage()
                    + " (run as root or in group watchdog; nothing else, such as systemd's RuntimeWatchdogSec, may hold it)",
                    e);
        }
    }

    private static BoardException cannotOpen(String holder, GpioPin pin, String provider, RuntimeException e) {
        return new BoardException(holder + ": " + pin + " could not be opened through " + provider + ": "
                + GpiodLinuxFsContextFactory.rootMessage(e), e);
    }
}
