package org.meternode.board.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A temporary directory laid out like the kernel's trees ({@code sys/} and {@code dev/}), with the
 * files the linux board reads and writes, holding what the kernel would print: counts as decimal
 * u64, IIO scales like {@code 0.125000000}, GPIO values "0"/"1", input events as binary structs.
 */
final class FakeKernel {
    private final Path sysfs;
    private final Path dev;

    FakeKernel(Path root) {
        this.sysfs = root.resolve("sys");
        this.dev = root.resolve("dev");
        mkdirs(sysfs);
        mkdirs(dev);
    }

    Path sysfs() {
        return sysfs;
    }

    Path dev() {
        return dev;
    }

    /** Board options pointing at this tree, plus {@code extra} (pins, watchdog, rtc). */
    Map<String, Object> options(Map<String, Object> extra) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("sysfs-root", sysfs.toString());
        options.put("dev-root", dev.toString());
        options.putAll(extra);
        return options;
    }

    // ---- counter subsystem ----

    /** {@code bus/counter/devices/DEVICE/COUNT/count} holding {@code value}. */
    Path counter(String device, String count, String value) {
        Path dir = sysfs.resolve("bus/counter/devices").resolve(device).resolve(count);
        mkdirs(dir);
        write(dir.resolve("function"), "increase\n");
        write(dir.resolve("enable"), "0\n"); // interrupt-cnt probes with its IRQ off (IRQ_NOAUTOEN)
        return write(dir.resolve("count"), value + "\n");
    }

    // ---- input events ----

    /** An empty regular file standing in for {@code /dev/NAME}; events are appended to it. */
    Path inputDevice(String name) {
        Path file = dev.resolve(name);
        mkdirs(file.getParent());
        return write(file, "");
    }

    /** Appends events as the kernel hands them to a 64-bit little-endian process. */
    static void appendEvents(Path device, InputEvent... events) {
        for (InputEvent e : events) {
            appendBytes(device, InputEventLayout.LITTLE_ENDIAN_64.encode(e));
        }
    }

    static void appendBytes(Path device, byte[] bytes) {
        try {
            Files.write(device, bytes, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputEvent press(int code, long micros) {
        return new InputEvent(micros, InputEvent.EV_KEY, code, InputEvent.KEY_PRESS);
    }

    static InputEvent release(int code, long micros) {
        return new InputEvent(micros, InputEvent.EV_KEY, code, InputEvent.KEY_RELEASE);
    }

    static InputEvent syn(long micros) {
        return new InputEvent(micros, InputEvent.EV_SYN, 0, 0);
    }

    // ---- IIO ----

    /** {@code bus/iio/devices/DEVICE/}, empty; fill it with {@link #put}. */
    Path iio(String device) {
        Path dir = sysfs.resolve("bus/iio/devices").resolve(device);
        mkdirs(dir);
        write(dir.resolve("name"), device.equals("iio:device0") ? "ads1015\n" : "mcp3008\n");
        return dir;
    }

    /**
     * An INA219 bound to the IIO ina2xx driver at {@code bus/iio/devices/DEVICE/}, as
     * drivers/iio/adc/ina2xx-adc.c lays it out: in_voltage0 shunt (10 µV), in_voltage1 bus (the whole
     * register, scale 4000 µV / (1000 << 3) = 0.5 mV), in_power2 (20 mW), in_current3 (1 mA: the
     * driver programs Current_LSB = 1 mA), in_shunt_resistor in µΩ (10000 by default).
     */
    Path ina219(String device) {
        Path dir = sysfs.resolve("bus/iio/devices").resolve(device);
        mkdirs(dir);
        write(dir.resolve("name"), "ina219\n");
        put(dir, "in_voltage0_scale", "0.010000000");
        put(dir, "in_voltage1_scale", "0.500000000");
        put(dir, "in_power2_scale", "20.000000000");
        put(dir, "in_current3_scale", "1");
        put(dir, "in_shunt_resistor", 10000);
        setIna219(dir, 0, 0, 0.01);
        return dir;
    }

    /** The raw values the driver would show for a load of {@code busVolts} and {@code amps} through {@code shuntOhm}. */
    static void setIna219(Path dir, double busVolts, double amps, double shuntOhm) {
        put(dir, "in_voltage0_raw", Math.round(amps * shuntOhm / 10e-6));
        put(dir, "in_voltage1_raw", Math.round(busVolts / 0.004) << 3 | 0b10); // CNVR set
        put(dir, "in_power2_raw", Math.round(busVolts * Math.abs(amps) / 0.020));
        put(dir, "in_current3_raw", Math.round(amps * 1000));
    }

    // ---- GPIO and LEDs ----

    /** An exported sysfs GPIO line {@code class/gpio/gpioN}. */
    Path gpio(int number, String direction, String value) {
        Path dir = sysfs.resolve("class/gpio/gpio" + number);
        mkdirs(dir);
        write(dir.resolve("direction"), direction + "\n");
        write(dir.resolve("value"), value + "\n");
        return dir;
    }

    /** {@code class/gpio/export}, as the kernel offers it when built with CONFIG_GPIO_SYSFS. */
    Path gpioExport() {
        mkdirs(sysfs.resolve("class/gpio"));
        return write(sysfs.resolve("class/gpio/export"), "");
    }

    /** Does what the kernel does on a write to {@code export}: creates the lines written there. */
    void processExports() {
        Path export = sysfs.resolve("class/gpio/export");
        for (String number : read(export).split("\\s+")) {
            if (!number.isBlank() && !Files.isDirectory(sysfs.resolve("class/gpio/gpio" + number))) {
                gpio(Integer.parseInt(number), "in", "0");
            }
        }
    }

    /** An LED {@code class/leds/NAME} that is off and follows {@code trigger}. */
    Path led(String name, int maxBrightness, String trigger) {
        Path dir = sysfs.resolve("class/leds").resolve(name);
        mkdirs(dir);
        write(dir.resolve("brightness"), "0\n");
        write(dir.resolve("max_brightness"), maxBrightness + "\n");
        write(dir.resolve("trigger"), "none [" + trigger + "] timer heartbeat\n");
        return dir;
    }

    // ---- watchdog and RTC ----

    Path watchdog(String name) {
        return write(dev.resolve(name), "");
    }

    Path rtc(String name) {
        Path dir = sysfs.resolve("class/rtc").resolve(name);
        mkdirs(dir);
        write(dir.resolve("since_epoch"), "1767225600\n");
        return write(dir.resolve("wakealarm"), "");
    }

    // ---- files ----

    static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code name} in {@code dir} with a trailing newline, as sysfs prints. */
    static Path put(Path dir, String name, Object value) {
        return write(dir.resolve(name), value + "\n");
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
