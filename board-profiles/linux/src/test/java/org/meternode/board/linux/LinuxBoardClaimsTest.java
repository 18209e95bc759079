package org.meternode.board.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meternode.board.linux.LinuxTesting.map;
import static org.meternode.board.linux.LinuxTesting.pulse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.BoardException;
import org.meternode.hal.Boards;
import org.meternode.hal.bus.fake.VirtualSleeper;

class LinuxBoardClaimsTest {
    @TempDir
    Path dir;

    private FakeKernel kernel;
    private LinuxBoard board;

    private static final Map<String, Object> PINS = map("pins", map(
            "GPIO17", map("kind", "counter", "device", "counter0", "count", "count0"),
            "KEY", map("kind", "input-event", "device", "input/event3", "code", 256),
            "A0", map("kind", "iio", "device", "iio:device0", "channel", 0),
            "TAMPER", map("kind", "gpio", "number", 22, "direction", "in"),
            "RELAY", map("kind", "gpio", "number", 23, "direction", "out"),
            "STATUS", map("kind", "led", "name", "status")));

    @BeforeEach
    void openBoard() throws BoardException {
        kernel = new FakeKernel(dir);
        board = LinuxTesting.open(kernel, new VirtualSleeper(), PINS);
    }

    @AfterEach
    void closeBoard() {
        board.close();
    }

    @Test
    void the_profile_is_found_by_name() throws BoardException {
        assertThat(Boards.provider("linux")).isInstanceOf(LinuxBoardProvider.class);
        assertThat(board.name()).isEqualTo("linux");
    }

    @Test
    void a_missing_counter_file_names_channel_pin_path_and_the_likely_cause() {
        assertThatThrownBy(() -> board.pulseCounter(pulse("grid", "GPIO17", Duration.ofMillis(20))))
                .isInstanceOf(BoardException.class)
                .hasMessage("channel 'grid': pin GPIO17 (counter): "
                        + kernel.sysfs().resolve("bus/counter/devices/counter0/count0/count")
                        + " does not exist — is the interrupt-cnt overlay loaded?");
    }

    @Test
    void a_missing_input_device_names_the_overlay() {
        assertThatThrownBy(() -> board.pulseCounter(pulse("water", "KEY", Duration.ZERO)))
                .hasMessage("channel 'water': pin KEY (input-event): " + kernel.dev().resolve("input/event3")
                        + " does not exist — is the gpio-key overlay loaded? (see ls -l /dev/input/by-path)");
    }

    @Test
    void a_missing_iio_channel_names_the_raw_file() {
        kernel.iio("iio:device0");
        assertThatThrownBy(() -> board.analogChannel("mains", "A0"))
                .hasMessage("channel 'mains': pin A0 (iio): "
                        + kernel.sysfs().resolve("bus/iio/devices/iio:device0/in_voltage0_raw")
                        + " does not exist — is the ADC's overlay loaded (ads1015, mcp3008, ...) and is channel 0 "
                        + "enabled?");
    }

    @Test
    void a_missing_led_names_the_led_directory() {
        assertThatThrownBy(() -> board.digitalOutput("status", "STATUS"))
                .hasMessage("channel 'status': pin STATUS (led): "
                        + kernel.sysfs().resolve("class/leds/status/brightness")
                        + " does not exist — is there an LED named 'status'? (ls " + kernel.sysfs().resolve("class/leds")
                        + ")");
    }

    @Test
    void a_gpio_that_cannot_be_exported_names_the_export_file() {
        assertThatThrownBy(() -> board.digitalInput("tamper", "TAMPER"))
                .hasMessage("channel 'tamper': pin TAMPER (gpio): " + kernel.sysfs().resolve("class/gpio/export")
                        + " does not exist — is the kernel built with CONFIG_GPIO_SYSFS?");
    }

    @Test
    void an_undeclared_pin_lists_the_declared_ones() {
        assertThatThrownBy(() -> board.pulseCounter(pulse("grid", "GPIO99", Duration.ZERO)))
                .hasMessage("channel 'grid': pin GPIO99 is not declared at board-options.pins (node.yaml:7) "
                        + "(declared pins: GPIO17, KEY, A0, TAMPER, RELAY, STATUS)");
    }

    @Test
    void a_second_claim_names_both_channels() throws BoardException {
        kernel.counter("counter0", "count0", "5");
        board.pulseCounter(pulse("grid", "GPIO17", Duration.ZERO));
        assertThatThrownBy(() -> board.pulseCounter(pulse("water", "GPIO17", Duration.ZERO)))
                .hasMessage("channel 'water': pin GPIO17 is already claimed by channel 'grid'");
    }

    @Test
    void a_pulse_counter_on_an_iio_pin_is_refused() {
        assertThatThrownBy(() -> board.pulseCounter(pulse("grid", "A0", Duration.ZERO)))
                .hasMessage("channel 'grid': pin A0 is an iio pin and cannot serve as a pulse counter "
                        + "(needs kind counter or input-event)");
    }

    @Test
    void an_analog_channel_on_a_counter_pin_is_refused() {
        assertThatThrownBy(() -> board.analogChannel("mains", "GPIO17"))
                .hasMessage("channel 'mains': pin GPIO17 is a counter pin and cannot serve as an analog channel "
                        + "(needs kind iio)");
    }

    @Test
    void directions_are_kept_apart() {
        assertThatThrownBy(() -> board.digitalInput("tamper", "RELAY"))
                .hasMessage("channel 'tamper': pin RELAY is a gpio pin with direction out and cannot serve as a "
                        + "digital input (needs kind gpio with direction in)");
        assertThatThrownBy(() -> board.digitalOutput("relay", "TAMPER"))
                .hasMessage("channel 'relay': pin TAMPER is a gpio pin with direction in and cannot serve as a "
                        + "digital output (needs kind gpio with direction out, or led)");
        assertThatThrownBy(() -> board.digitalInput("status", "STATUS"))
                .hasMessage("channel 'status': pin STATUS is a led pin and cannot serve as a digital input "
                        + "(needs kind gpio with direction in)");
    }

    @Test
    void a_failed_claim_gives_the_pin_back() throws BoardException {
        assertThatThrownBy(() -> board.pulseCounter(pulse("grid", "GPIO17", Duration.ZERO)))
                .hasMessageContaining("does not exist");
        kernel.counter("counter0", "count0", "7");
        assertThat(board.pulseCounter(pulse("grid", "GPIO17", Duration.ZERO))).isNotNull();
    }

    @Test
    void capabilities_refuse_work_after_close() throws Exception {
        kernel.counter("counter0", "count0", "7");
        var counter = board.pulseCounter(pulse("grid", "GPIO17", Duration.ZERO));
        board.close();
        assertThatThrownBy(counter::read)
                .hasMessage("channel 'grid': pin GPIO17 (counter): the linux board is closed");
    }
}
