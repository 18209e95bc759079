package org.meternode.board.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meternode.board.linux.LinuxTesting.map;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.BoardException;
import org.meternode.hal.DigitalInput;
import org.meternode.hal.DigitalOutput;
import org.meternode.hal.Sleeper;
import org.meternode.hal.bus.fake.VirtualSleeper;

class DigitalPinsTest {
    @TempDir
    Path dir;

    private FakeKernel kernel;
    private LinuxBoard board;

    @BeforeEach
    void kernel() {
        kernel = new FakeKernel(dir);
    }

    @AfterEach
    void close() {
        if (board != null) {
            board.close();
        }
    }

    private LinuxBoard open(Sleeper sleeper) throws BoardException {
        board = LinuxTesting.open(kernel, sleeper, map("pins", map(
                "TAMPER", map("kind", "gpio", "number", 22, "direction", "in"),
                "RELAY", map("kind", "gpio", "number", 23, "direction", "out"),
                "STATUS", map("kind", "led", "name", "status"))));
        return board;
    }

    @Test
    void a_gpio_input_reads_its_value_file() throws Exception {
        Path line = kernel.gpio(22, "in", "0");
        DigitalInput tamper = open(new VirtualSleeper()).digitalInput("tamper", "TAMPER");
        assertThat(tamper.isHigh()).isFalse();
        FakeKernel.write(line.resolve("value"), "1\n");
        assertThat(tamper.isHigh()).isTrue();
    }

    @Test
    void a_gpio_output_is_switched_to_out_and_writes_its_value_file() throws Exception {
        Path line = kernel.gpio(23, "in", "0");
        DigitalOutput relay = open(new VirtualSleeper()).digitalOutput("relay", "RELAY");
        assertThat(FakeKernel.read(line.resolve("direction"))).isEqualTo("out");
        relay.set(true);
        assertThat(FakeKernel.read(line.resolve("value"))).isEqualTo("1");
        relay.set(false);
        assertThat(FakeKernel.read(line.resolve("value"))).isEqualTo("0");
    }

    @Test
    void a_line_already_in_the_right_direction_is_left_alone() throws Exception {
        Path line = kernel.gpio(22, "in", "1");
        open(new VirtualSleeper()).digitalInput("tamper", "TAMPER");
        assertThat(FakeKernel.read(line.resolve("direction"))).isEqualTo("in\n");
    }

    @Test
    void a_missing_line_is_exported_first() throws Exception {
        Path export = kernel.gpioExport();
        // The kernel creates gpio22 on the write; here the fake does it when the board waits for udev.
        VirtualSleeper time = new VirtualSleeper();
        Sleeper kernelReacts = new Sleeper() {
            @Override
            public Clock clock() {
                return time.clock();
            }

            @Override
            public void sleepUntil(Instant deadline) {
                kernel.processExports();
                time.sleepUntil(deadline);
            }
        };
        DigitalInput tamper = open(kernelReacts).digitalInput("tamper", "TAMPER");
        assertThat(FakeKernel.read(export)).isEqualTo("22");
        assertThat(tamper.isHigh()).isFalse();
    }

    @Test
    void an_export_that_produces_nothing_names_pin_and_files() {
        Path export = kernel.gpioExport();
        VirtualSleeper time = new VirtualSleeper();
        assertThatThrownBy(() -> open(time).digitalInput("tamper", "TAMPER"))
                .isInstanceOf(BoardException.class)
                .hasMessage("channel 'tamper': pin TAMPER (gpio): wrote 22 to " + export + " but "
                        + kernel.sysfs().resolve("class/gpio/gpio22/value") + " was not accessible within 1000 ms "
                        + "(check the udev rule that gives the gpio group access)");
        assertThat(time.now()).isEqualTo(Instant.parse("2026-01-01T00:00:01Z"));
    }

    @Test
    void a_vanished_value_file_is_an_IOException_naming_the_path() throws Exception {
        Path line = kernel.gpio(22, "in", "0");
        DigitalInput tamper = open(new VirtualSleeper()).digitalInput("tamper", "TAMPER");
        FakeKernel.delete(line.resolve("value"));
        assertThatThrownBy(tamper::isHigh)
                .isInstanceOf(IOException.class)
                .hasMessage("channel 'tamper': pin TAMPER (gpio): reading " + line.resolve("value")
                        + " failed: it does not exist");
    }

    @Test
    void an_led_is_taken_from_its_trigger_and_driven_to_max_brightness_or_zero() throws Exception {
        Path led = kernel.led("status", 255, "mmc0");
        DigitalOutput status = open(new VirtualSleeper()).digitalOutput("status", "STATUS");
        assertThat(FakeKernel.read(led.resolve("trigger"))).isEqualTo("none");
        status.set(true);
        assertThat(FakeKernel.read(led.resolve("brightness"))).isEqualTo("255");
        status.set(false);
        assertThat(FakeKernel.read(led.resolve("brightness"))).isEqualTo("0");
    }
}
