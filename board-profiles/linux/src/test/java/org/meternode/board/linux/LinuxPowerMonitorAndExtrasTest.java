package org.meternode.board.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meternode.board.linux.LinuxTesting.FILE;
import static org.meternode.board.linux.LinuxTesting.map;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.BoardException;
import org.meternode.hal.bus.fake.VirtualSleeper;

/** The ina2xx power monitor's set-up and errors, and the tamper and status-led options. */
class LinuxPowerMonitorAndExtrasTest {
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

    private LinuxBoard open(Object... extra) throws BoardException {
        Map<String, Object> options = map("pins", map(
                "ina219@0x40", map("kind", "ina2xx", "device", "iio:device1"),
                "TAMPER", map("kind", "gpio", "number", 534, "direction", "in"),
                "STATUS", map("kind", "led", "name", "status")));
        options.putAll(map(extra));
        board = LinuxTesting.open(kernel, new VirtualSleeper(), options);
        return board;
    }

    @Test
    void the_channel_shunt_is_written_to_the_driver_when_it_differs() throws Exception {
        Path ina = kernel.ina219("iio:device1");
        FakeKernel.setIna219(ina, 12.0, 1.5, 0.002);
        var m = open().powerMonitor("battery", "ina219@0x40", 0.002, 20).read();
        assertThat(FakeKernel.read(ina.resolve("in_shunt_resistor"))).isEqualTo("2000\n");
        assertThat(m.busVolts()).isEqualTo(12.001); // the kernel's raw bus value keeps CNVR (0.5 mV)
        assertThat(m.amps()).isEqualTo(1.5);
        assertThat(m.watts()).isEqualTo(18.0);
    }

    @Test
    void errors_name_the_channel_the_pin_and_the_file() throws Exception {
        Path ina = kernel.ina219("iio:device1");
        FakeKernel.delete(ina.resolve("in_power2_scale"));
        open();
        assertThatThrownBy(() -> board.powerMonitor("battery", "ina219@0x40", 0.1, 3.2))
                .isInstanceOf(BoardException.class)
                .hasMessage("channel 'battery': pin ina219@0x40 (ina2xx): " + ina.resolve("in_power2_scale")
                        + " does not exist — is the ina2xx IIO driver bound to the chip (an overlay with compatible"
                        + " \"ti,ina219\") and is this its iio:device?");
        assertThatThrownBy(() -> board.powerMonitor("battery", "ina219@0x41", 0.1, 3.2))
                .hasMessageStartingWith("channel 'battery': pin ina219@0x41 is not declared at board-options.pins" + FILE);
        assertThatThrownBy(() -> board.powerMonitor("battery", "TAMPER", 0.1, 3.2))
                .hasMessage("channel 'battery': pin TAMPER is a gpio pin with direction in and cannot serve as a power"
                        + " monitor (needs kind ina2xx)");
        FakeKernel.put(ina, "in_power2_scale", "20.000000000");
        assertThat(board.powerMonitor("battery", "ina219@0x40", 0.1, 3.2)).as("the refused pin was released")
                .isNotNull();
    }

    @Test
    void tamper_and_status_led_come_from_their_options() throws Exception {
        Path line = kernel.gpio(534, "in", "1");
        Path led = kernel.led("status", 255, "heartbeat");
        open("tamper", "TAMPER", "status-led", "STATUS");
        assertThat(board.tamper().orElseThrow().isHigh()).isTrue();
        FakeKernel.write(line.resolve("value"), "0\n");
        assertThat(board.tamper().orElseThrow().isHigh()).isFalse();
        board.statusLed().orElseThrow().set(true);
        assertThat(FakeKernel.read(led.resolve("brightness"))).isEqualTo("255");
        assertThatThrownBy(() -> board.digitalInput("door", "TAMPER"))
                .hasMessage("channel 'door': pin TAMPER is already claimed by board-options.tamper" + FILE);
    }

    @Test
    void without_the_options_there_are_no_extras_and_wrong_pins_are_refused() throws Exception {
        open();
        assertThat(board.tamper()).isEmpty();
        assertThat(board.statusLed()).isEmpty();
        assertThat(board.watchdog()).isEmpty();
        board.close();
        board = null;
        assertThatThrownBy(() -> open("tamper", "STATUS"))
                .isInstanceOf(BoardException.class)
                .hasMessage("board-options.tamper" + FILE + ": must name a pin of kind gpio with direction in declared"
                        + " under pins (declared: ina219@0x40, TAMPER, STATUS), got \"STATUS\"");
        assertThatThrownBy(() -> open("status-led", "NOPE"))
                .hasMessageStartingWith("board-options.status-led" + FILE + ": must name a pin of kind led");
    }
}
