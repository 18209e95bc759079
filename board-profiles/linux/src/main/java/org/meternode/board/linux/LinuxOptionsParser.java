package org.meternode.board.linux;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptionReader;
import org.meternode.hal.BoardOptions;

/**
 * Reads {@code board-options} into {@link LinuxOptions}. Each key, its default and its bounds are
 * declared here once; the README's options table mirrors this file.
 */
final class LinuxOptionsParser {
    static final String DEFAULT_SYSFS_ROOT = "/sys";
    static final String DEFAULT_DEV_ROOT = "/dev";
    /** KEY_MAX in include/uapi/linux/input-event-codes.h. */
    static final int KEY_MAX = 0x2ff;

    static final String TAMPER = "tamper";
    static final String STATUS_LED = "status-led";
    static final String SERIAL = "serial";

    private static final Set<String> TOP_KEYS = Set.of("sysfs-root", "dev-root", "pins", "watchdog", "rtc", TAMPER,
            STATUS_LED, SERIAL);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:@+-]+");
    private static final Pattern IIO_CHANNEL = Pattern.compile("\\d+(-voltage\\d+)?");

    private LinuxOptionsParser() {
    }

    static LinuxOptions parse(BoardOptions options) throws BoardException {
        BoardOptionReader top = BoardOptionReader.root(options);
        top.allowOnly(TOP_KEYS);
        Path sysfs = root(top, "sysfs-root", DEFAULT_SYSFS_ROOT);
        Path dev = root(top, "dev-root", DEFAULT_DEV_ROOT);
        BoardOptionReader pins = top.map("pins");
        Map<String, PinSpec> specs = new LinkedHashMap<>();
        for (String pin : pins.keys()) {
            specs.put(pin, pin(pins.map(pin)));
        }
        Optional<String> watchdog = optionalName(top, "watchdog");
        Optional<String> rtc = optionalName(top, "rtc");
        Optional<String> tamper = optionPin(top, TAMPER, specs, "a pin of kind gpio with direction in",
                s -> s instanceof PinSpec.Gpio g && g.direction() == PinSpec.Direction.IN);
        Optional<String> statusLed = optionPin(top, STATUS_LED, specs, "a pin of kind led, or gpio with direction out",
                s -> s instanceof PinSpec.Led || s instanceof PinSpec.Gpio g && g.direction() == PinSpec.Direction.OUT);
        SerialMode serial = top.has(SERIAL) ? SerialMode.of(top.choice(SERIAL, SerialMode.NAMES)) : SerialMode.AUTO;
        return new LinuxOptions(sysfs, dev, specs, watchdog, rtc, tamper, statusLed, serial);
    }

    /** An option naming a declared pin of the right kind. */
    private static Optional<String> optionPin(BoardOptionReader top, String key, Map<String, PinSpec> specs,
            String rule, java.util.function.Predicate<PinSpec> fits) throws BoardException {
        if (!top.has(key)) {
            return Optional.empty();
        }
        String pin = top.textOr(key, null);
        if (!fits.test(specs.get(pin))) {
            throw top.error(key, "must name " + rule + " declared under pins (declared: "
                    + (specs.isEmpty() ? "none" : String.join(", ", specs.keySet())) + ")", pin);
        }
        return Optional.of(pin);
    }

    private static PinSpec pin(BoardOptionReader m) throws BoardException {
        String kind = m.choice("kind", PinSpec.KINDS);
        return switch (kind) {
            case PinSpec.Counter.KIND -> counter(m);
            case PinSpec.InputEvent.KIND -> inputEvent(m);
            case PinSpec.Iio.KIND -> iio(m);
            case PinSpec.Ina2xx.KIND -> ina2xx(m);
            case PinSpec.Gpio.KIND -> gpio(m);
            default -> led(m);
        };
    }

    private static PinSpec counter(BoardOptionReader m) throws BoardException {
        m.allowOnly(Set.of("kind", "device", "count", "bits"));
        String device = name(m, "device", "the counter device, e.g. counter0");
        String count = m.has("count") ? name(m, "count", "") : "count0";
        int bits = (int) m.integerOr("bits", PinSpec.Counter.DEFAULT_BITS, 8, 64);
        return new PinSpec.Counter(device, count, bits);
    }

    private static PinSpec inputEvent(BoardOptionReader m) throws BoardException {
        m.allowOnly(Set.of("kind", "device", "code"));
        String device = relativePath(m, "device", "the input device under dev-root, e.g. input/event0");
        int code = (int) m.integer("code", 0, KEY_MAX, "the key code the gpio-keys node emits (linux,code)");
        return new PinSpec.InputEvent(device, code);
    }

    private static PinSpec iio(BoardOptionReader m) throws BoardException {
        m.allowOnly(Set.of("kind", "device", "channel", "samples-per-second"));
        String device = name(m, "device", "the IIO device, e.g. iio:device0");
        String channel = iioChannel(m);
        double sps = m.numberOr("samples-per-second", PinSpec.Iio.DEFAULT_SAMPLES_PER_SECOND,
                v -> v > 0 && v <= 1_000_000, "> 0 and <= 1000000");
        return new PinSpec.Iio(device, channel, sps);
    }

    private static PinSpec ina2xx(BoardOptionReader m) throws BoardException {
        m.allowOnly(Set.of("kind", "device"));
        return new PinSpec.Ina2xx(name(m, "device", "the IIO device of the ina2xx driver, e.g. iio:device1"));
    }

    private static PinSpec gpio(BoardOptionReader m) throws BoardException {
        m.allowOnly(Set.of("kind", "number", "direction"));
        int number = (int) m.integer("number", 0, Integer.MAX_VALUE, "the global sysfs GPIO number");
        PinSpec.Direction direction = PinSpec.Direction.of(m.choice("direction", List.of("in", "out")));
        return new PinSpec.Gpio(number, direction);
    }

    private static PinSpec led(BoardOptionReader m) throws BoardException {
        m.allowOnly(Set.of("kind", "name"));
        return new PinSpec.Led(name(m, "name", "the LED's name under class/leds"));
    }

    private static String iioChannel(BoardOptionReader m) throws BoardException {
        String rule = "the channel number (0 for in_voltage0_raw) or a pair like \"0-voltage1\"";
        if (!m.has("channel")) {
            throw new BoardException(m.where("channel") + ": missing; " + rule);
        }
        Object value = m.raw("channel");
        String text = value instanceof Integer || value instanceof Long ? value.toString()
                : value instanceof String s ? s.trim() : null;
        if (text == null || !IIO_CHANNEL.matcher(text).matches()) {
            throw m.error("channel", "must be " + rule, value);
        }
        return text;
    }

    private static Path root(BoardOptionReader top, String key, String fallback) throws BoardException {
        String text = top.textOr(key, fallback);
        try {
            Path path = Path.of(text);
            if (!path.isAbsolute()) {
                throw top.error(key, "must be an absolute path", text);
            }
            return path.normalize();
        } catch (InvalidPathException e) {
            throw top.error(key, "must be an absolute path", text);
        }
    }

    /** One file-name component: the kernel's device names never contain '/' or "..". */
    private static String name(BoardOptionReader m, String key, String meaning) throws BoardException {
        String text = m.text(key, meaning);
        if (!NAME.matcher(text).matches() || text.equals(".") || text.equals("..")) {
            throw m.error(key, "must be a single file name like counter0, iio:device0 or status", text);
        }
        return text;
    }

    private static Optional<String> optionalName(BoardOptionReader top, String key) throws BoardException {
        return top.has(key) ? Optional.of(name(top, key, "")) : Optional.empty();
    }

    /** A path below a root: relative and without "..", so it cannot leave the tree. */
    private static String relativePath(BoardOptionReader m, String key, String meaning) throws BoardException {
        String text = m.text(key, meaning);
        for (String part : text.split("/", -1)) {
            if (!NAME.matcher(part).matches() || part.equals(".") || part.equals("..")) {
                throw m.error(key, "must be a path below dev-root like input/event0 (no leading /, no ..)", text);
            }
        }
        return text;
    }
}
