package org.meternode.board.pi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.io.gpio.digital.DigitalState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.DigitalInput;
import org.meternode.hal.DigitalOutput;
import org.meternode.hal.PulseInput;
import org.meternode.hal.bus.fake.VirtualSleeper;

class DigitalPinsTest {
    @TempDir
    Path stateDir;

    private Pi4jContext pi4j;
    private PiBoard board;

    private PiBoard open(Map<String, Object> values) throws BoardException {
        pi4j = MockPi4j.mockPlugins();
        BoardOptions options = new BoardOptions(values, stateDir, key -> "board-options." + key + " (node.yaml:9)");
        board = new PiBoardProvider(o -> pi4j, new VirtualSleeper()).open(options);
        return board;
    }

    @AfterEach
    void close() {
        if (board != null) {
            board.close();
        }
    }

    @Test
    void an_output_drives_the_pi4j_pin() throws Exception {
        DigitalOutput relay = open(Map.of()).digitalOutput("modem-power", "GPIO23");
        var pin = MockPi4j.output(pi4j.context(), 23);
        assertThat(pin.state()).as("outputs start low").isEqualTo(DigitalState.LOW);
        relay.set(true);
        assertThat(pin.state()).isEqualTo(DigitalState.HIGH);
        relay.set(false);
        assertThat(pin.state()).isEqualTo(DigitalState.LOW);
        assertThat(pin.config().shutdownState()).as("low again when Pi4J shuts down").isEqualTo(DigitalState.LOW);
    }

    @Test
    void an_input_reads_the_pi4j_pin() throws Exception {
        DigitalInput door = open(Map.of()).digitalInput("door", "5");
        var pin = MockPi4j.input(pi4j.context(), 5);
        pin.mockState(DigitalState.HIGH);
        assertThat(door.isHigh()).isTrue();
        pin.mockState(DigitalState.LOW);
        assertThat(door.isHigh()).isFalse();
    }

    @Test
    void tamper_and_status_led_come_from_the_options() throws Exception {
        PiBoard b = open(Map.of("tamper", "GPIO22", "status-led", 24));
        MockPi4j.input(pi4j.context(), 22).mockState(DigitalState.HIGH);
        assertThat(b.tamper().orElseThrow().isHigh()).as("open tamper switch, pulled up").isTrue();
        b.statusLed().orElseThrow().set(true);
        assertThat(MockPi4j.output(pi4j.context(), 24).state()).isEqualTo(DigitalState.HIGH);
    }

    @Test
    void without_options_there_is_no_tamper_led_or_watchdog() throws Exception {
        PiBoard b = open(Map.of());
        assertThat(b.tamper()).isEmpty();
        assertThat(b.statusLed()).isEmpty();
        assertThat(b.watchdog()).isEmpty();
    }

    @Test
    void an_unknown_pin_names_channel_and_pin() throws Exception {
        PiBoard b = open(Map.of());
        assertThatThrownBy(() -> b.pulseCounter(new PulseInput("grid", "GPIO28", Duration.ofMillis(20))))
                .isInstanceOf(BoardException.class)
                .hasMessage("channel 'grid': pin 'GPIO28' is not a Raspberry Pi header GPIO; use GPIO0..GPIO27 "
                        + "or a BCM number 0..27");
        assertThatThrownBy(() -> b.digitalOutput("led", "P1-11"))
                .hasMessage("channel 'led': pin 'P1-11' is not a Raspberry Pi header GPIO; use GPIO0..GPIO27 "
                        + "or a BCM number 0..27");
    }

    @Test
    void a_pin_claimed_twice_names_both_channels_whether_by_name_or_number() throws Exception {
        PiBoard b = open(Map.of());
        b.pulseCounter(new PulseInput("grid", "GPIO17", Duration.ofMillis(20)));
        assertThatThrownBy(() -> b.digitalInput("water", "17"))
                .isInstanceOf(BoardException.class)
                .hasMessage("channel 'water': pin GPIO17 is already claimed by channel 'grid'");
    }

    @Test
    void a_channel_on_the_tamper_pin_names_the_option() throws Exception {
        PiBoard b = open(Map.of("tamper", "GPIO22"));
        assertThatThrownBy(() -> b.pulseCounter(new PulseInput("grid", "GPIO22", Duration.ofMillis(20))))
                .hasMessage("channel 'grid': pin GPIO22 is already claimed by board-options.tamper (node.yaml:9)");
    }

    @Test
    void tamper_and_led_on_one_pin_are_refused_and_pi4j_is_shut_down() {
        Map<String, Object> values = new HashMap<>(Map.of("tamper", "GPIO22", "status-led", "22"));
        assertThatThrownBy(() -> open(values))
                .isInstanceOf(BoardException.class)
                .hasMessage("board-options.status-led (node.yaml:9): pin GPIO22 is already claimed by "
                        + "board-options.tamper (node.yaml:9)");
        assertThat(pi4j.context().isShutdown()).isTrue();
        board = null;
    }
}
