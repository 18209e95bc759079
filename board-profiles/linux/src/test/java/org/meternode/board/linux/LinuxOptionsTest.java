package org.meternode.board.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meternode.board.linux.LinuxTesting.map;
import static org.meternode.board.linux.LinuxTesting.options;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.BoardException;
import org.meternode.hal.bus.fake.VirtualSleeper;

class LinuxOptionsTest {
    @TempDir
    Path dir;

    private LinuxOptions parse(Map<String, Object> values) throws BoardException {
        return LinuxOptionsParser.parse(options(values, dir));
    }

    private void open(Map<String, Object> values) throws BoardException {
        new LinuxBoardProvider(new VirtualSleeper()).open(options(values, dir)).close();
    }

    @Test
    void defaults_are_those_documented() throws Exception {
        LinuxOptions o = parse(map("pins", map(
                "S0", map("kind", "counter", "device", "counter0"),
                "KEY", map("kind", "input-event", "device", "input/event0", "code", 256),
                "A0", map("kind", "iio", "device", "iio:device0", "channel", 0),
                "TAMPER", map("kind", "gpio", "number", 22, "direction", "in"),
                "STATUS", map("kind", "led", "name", "status"))));
        assertThat(o.sysfsRoot()).isEqualTo(Path.of("/sys"));
        assertThat(o.devRoot()).isEqualTo(Path.of("/dev"));
        assertThat(o.watchdog()).isEmpty();
        assertThat(o.rtc()).isEmpty();
        assertThat(o.serial()).isEqualTo(SerialMode.AUTO);
        assertThat(o.pins()).containsExactly(
                Map.entry("S0", new PinSpec.Counter("counter0", "count0", 32)),
                Map.entry("KEY", new PinSpec.InputEvent("input/event0", 256)),
                Map.entry("A0", new PinSpec.Iio("iio:device0", "0", 860)),
                Map.entry("TAMPER", new PinSpec.Gpio(22, PinSpec.Direction.IN)),
                Map.entry("STATUS", new PinSpec.Led("status")));
    }

    @Test
    void every_key_is_read() throws Exception {
        LinuxOptions o = parse(map("sysfs-root", "/tmp/k/sys", "dev-root", "/tmp/k/dev", "watchdog", "watchdog0",
                "rtc", "rtc0", "pins", map(
                        "S0", map("kind", "counter", "device", "counter1", "count", "count2", "bits", 64),
                        "A1", map("kind", "iio", "device", "iio:device1", "channel", "0-voltage1",
                                "samples-per-second", 250))));
        assertThat(o.sysfsRoot()).isEqualTo(Path.of("/tmp/k/sys"));
        assertThat(o.devRoot()).isEqualTo(Path.of("/tmp/k/dev"));
        assertThat(o.watchdog()).isEqualTo(Optional.of("watchdog0"));
        assertThat(o.rtc()).isEqualTo(Optional.of("rtc0"));
        assertThat(o.pins().get("S0")).isEqualTo(new PinSpec.Counter("counter1", "count2", 64));
        assertThat(o.pins().get("A1")).isEqualTo(new PinSpec.Iio("iio:device1", "0-voltage1", 250));
    }

    @Test
    void unknown_top_level_key_names_the_key_and_the_known_ones() {
        assertThatThrownBy(() -> parse(map("sysfs", "/sys")))
                .isInstanceOf(BoardException.class)
                .hasMessage("board-options.sysfs (node.yaml:7): unknown key (known here: dev-root, pins, rtc, "
                        + "serial, status-led, sysfs-root, tamper, watchdog)");
    }

    @Test
    void serial_names_how_ports_are_opened() throws Exception {
        assertThat(parse(map("serial", "stty")).serial()).isEqualTo(SerialMode.STTY);
        assertThat(parse(map("serial", "jserialcomm")).serial()).isEqualTo(SerialMode.JSERIALCOMM);
        assertThat(parse(map("serial", "auto")).serial()).isEqualTo(SerialMode.AUTO);
        assertThatThrownBy(() -> parse(map("serial", "termios")))
                .hasMessage("board-options.serial (node.yaml:7): must be one of auto, jserialcomm, stty, got \"termios\"");
    }

    @Test
    void unknown_pin_key_is_named_with_the_keys_of_its_kind() {
        assertThatThrownBy(() -> parse(map("pins", map("S0", map("kind", "counter", "device", "counter0",
                "debounce", "20ms")))))
                .hasMessage("board-options.pins.S0.debounce (node.yaml:7): unknown key (known here: bits, count, "
                        + "device, kind)");
    }

    @Test
    void missing_kind_lists_the_kinds() {
        assertThatThrownBy(() -> parse(map("pins", map("S0", map("device", "counter0")))))
                .hasMessage("board-options.pins.S0.kind (node.yaml:7): missing; one of counter, input-event, iio, "
                        + "ina2xx, gpio, led");
    }

    @Test
    void unknown_kind_is_refused_with_what_was_given() {
        assertThatThrownBy(() -> parse(map("pins", map("S0", map("kind", "pwm")))))
                .hasMessage("board-options.pins.S0.kind (node.yaml:7): must be one of counter, input-event, iio, "
                        + "ina2xx, gpio, led, got \"pwm\"");
    }

    @Test
    void missing_device_says_what_it_is() {
        assertThatThrownBy(() -> parse(map("pins", map("S0", map("kind", "counter")))))
                .hasMessage("board-options.pins.S0.device (node.yaml:7): missing; the counter device, e.g. counter0");
    }

    @Test
    void counter_width_is_bounded() {
        assertThatThrownBy(() -> parse(map("pins", map("S0", map("kind", "counter", "device", "counter0",
                "bits", 65)))))
                .hasMessage("board-options.pins.S0.bits (node.yaml:7): must be a whole number from 8 to 64, got 65");
    }

    @Test
    void key_code_is_bounded_by_KEY_MAX() {
        assertThatThrownBy(() -> parse(map("pins", map("K", map("kind", "input-event", "device", "input/event0",
                "code", 768)))))
                .hasMessage("board-options.pins.K.code (node.yaml:7): must be a whole number from 0 to 767, got 768");
    }

    @Test
    void device_names_cannot_leave_their_tree() {
        assertThatThrownBy(() -> parse(map("pins", map("S0", map("kind", "counter", "device", "../../etc")))))
                .hasMessage("board-options.pins.S0.device (node.yaml:7): must be a single file name like counter0, "
                        + "iio:device0 or status, got \"../../etc\"");
        assertThatThrownBy(() -> parse(map("pins", map("K", map("kind", "input-event", "device", "/dev/input/event0",
                "code", 256)))))
                .hasMessage("board-options.pins.K.device (node.yaml:7): must be a path below dev-root like "
                        + "input/event0 (no leading /, no ..), got \"/dev/input/event0\"");
    }

    @Test
    void iio_channel_is_a_number_or_a_differential_pair() {
        assertThatThrownBy(() -> parse(map("pins", map("A0", map("kind", "iio", "device", "iio:device0",
                "channel", "A0")))))
                .hasMessage("board-options.pins.A0.channel (node.yaml:7): must be the channel number (0 for "
                        + "in_voltage0_raw) or a pair like \"0-voltage1\", got \"A0\"");
    }

    @Test
    void samples_per_second_must_be_positive() {
        assertThatThrownBy(() -> parse(map("pins", map("A0", map("kind", "iio", "device", "iio:device0",
                "channel", 0, "samples-per-second", 0)))))
                .hasMessage("board-options.pins.A0.samples-per-second (node.yaml:7): must be a number > 0 and "
                        + "<= 1000000, got 0");
    }

    @Test
    void gpio_direction_is_in_or_out() {
        assertThatThrownBy(() -> parse(map("pins", map("G", map("kind", "gpio", "number", 17,
                "direction", "both")))))
                .hasMessage("board-options.pins.G.direction (node.yaml:7): must be one of in, out, got \"both\"");
    }

    @Test
    void roots_must_be_absolute() {
        assertThatThrownBy(() -> parse(map("sysfs-root", "sys")))
                .hasMessage("board-options.sysfs-root (node.yaml:7): must be an absolute path, got \"sys\"");
    }

    @Test
    void pins_must_be_a_map() {
        assertThatThrownBy(() -> parse(map("pins", "GPIO17")))
                .hasMessage("board-options.pins (node.yaml:7): must be a map, got \"GPIO17\"");
    }

    @Test
    void a_named_watchdog_must_exist_at_open() {
        FakeKernel kernel = new FakeKernel(dir);
        assertThatThrownBy(() -> open(kernel.options(map("watchdog", "watchdog0"))))
                .hasMessage("board-options.watchdog (node.yaml:7): " + kernel.dev().resolve("watchdog0")
                        + " does not exist — is the watchdog driver loaded? (on a Raspberry Pi: dtparam=watchdog=on)");
    }

    @Test
    void a_named_rtc_must_offer_a_wake_alarm_at_open() {
        FakeKernel kernel = new FakeKernel(dir);
        assertThatThrownBy(() -> open(kernel.options(map("rtc", "rtc0"))))
                .hasMessage("board-options.rtc (node.yaml:7): " + kernel.sysfs().resolve("class/rtc/rtc0/wakealarm")
                        + " does not exist — is the RTC's driver loaded, and can it wake the system?");
    }
}
