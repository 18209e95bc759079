package org.meternode.board.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.meternode.board.sim.SimTesting.allMeters;
import static org.meternode.board.sim.SimTesting.map;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.PulseInput;

class SimOptionsTest {
    @TempDir
    Path stateDir;

    private final ManualWallTime wall = new ManualWallTime(SimTesting.WALL_START);

    private SimBoard open(Map<String, Object> values) throws BoardException {
        // The locator shows that messages use BoardOptions.where, as the app's "file:line" text would.
        BoardOptions options = new BoardOptions(values, stateDir, key -> "board-options." + key + " (node.yaml:7)");
        return new SimBoardProvider(wall).open(options);
    }

    private static PulseInput pulse(String channel, String pin) {
        return new PulseInput(channel, pin, Duration.ofMillis(20));
    }

    @Test
    void defaults_are_those_documented() throws Exception {
        SimOptions options = SimOptionsParser.parse(BoardOptions.of(
                map("meters", map("GPIO17", map("type", "s0-electricity"), "GPIO27", map("type", "water-reed"),
                        "A0", map("type", "ct-clamp"), "GPIO22", map("type", "digital"))), stateDir));
        assertThat(options.speed()).isEqualTo(1.0);
        assertThat(options.seed()).isEqualTo(1);
        assertThat(options.start()).isEmpty();
        assertThat(options.meters().get("GPIO17")).isEqualTo(new MeterSpec.S0Electricity(1000, 250, 3500, 0.15));
        assertThat(options.meters().get("GPIO27")).isEqualTo(new MeterSpec.WaterReed(1.0));
        assertThat(options.meters().get("A0")).isEqualTo(new MeterSpec.CtClamp(new CtRatio(100, 0.05), 22, 50, 1.65,
                860, 0.08, 1.0, 15.0, 0.15, 0.95));
        assertThat(options.meters().get("GPIO22")).isEqualTo(new MeterSpec.Digital(false));
        assertThat(new CtRatio(100, 0.05).turns()).isCloseTo(2000, offset(1e-9));
    }

    @Test
    void unknown_top_level_key_is_named() {
        assertThatThrownBy(() -> open(map("sped", 10)))
                .isInstanceOf(BoardException.class)
                .hasMessageContaining("board-options.sped (node.yaml:7)")
                .hasMessageContaining("unknown key")
                .hasMessageContaining("speed");
    }

    @Test
    void unknown_meter_key_is_named() {
        assertThatThrownBy(() -> open(map("meters", map("GPIO17", map("type", "s0-electricity", "pulses", 1000)))))
                .hasMessageContaining("board-options.meters.GPIO17.pulses")
                .hasMessageContaining("unknown key")
                .hasMessageContaining("pulses-per-kwh");
    }

    @Test
    void negative_speed_names_key_rule_and_value() {
        assertThatThrownBy(() -> open(map("speed", -2)))
                .isInstanceOf(BoardException.class)
                .hasMessageContaining("board-options.speed")
                .hasMessageContaining("> 0")
                .hasMessageContaining("got -2");
    }

    @Test
    void speed_given_as_text_is_refused() {
        assertThatThrownBy(() -> open(map("speed", "fast")))
                .hasMessageContaining("board-options.speed").hasMessageContaining("got \"fast\"");
    }

    @Test
    void seed_must_be_whole() {
        assertThatThrownBy(() -> open(map("seed", 1.5)))
                .hasMessageContaining("board-options.seed").hasMessageContaining("whole number").hasMessageContaining("1.5");
    }

    @Test
    void start_must_be_an_instant() {
        assertThatThrownBy(() -> open(map("start", "yesterday")))
                .hasMessageContaining("board-options.start").hasMessageContaining("ISO-8601")
                .hasMessageContaining("\"yesterday\"");
    }

    @Test
    void bad_ratio_string_names_key_and_value() {
        assertThatThrownBy(() -> open(map("meters", map("A0", map("type", "ct-clamp", "ratio", "100:50")))))
                .hasMessageContaining("board-options.meters.A0.ratio")
                .hasMessageContaining("100A:50mA")
                .hasMessageContaining("got \"100:50\"");
    }

    @Test
    void step_up_ratio_is_refused() {
        assertThatThrownBy(() -> open(map("meters", map("A0", map("type", "ct-clamp", "ratio", "50mA:100A")))))
                .hasMessageContaining("board-options.meters.A0.ratio").hasMessageContaining("primary > secondary");
    }

    @Test
    void mains_frequency_is_50_or_60() {
        assertThatThrownBy(() -> open(map("meters", map("A0", map("type", "ct-clamp", "mains-hz", 55)))))
                .hasMessageContaining("board-options.meters.A0.mains-hz").hasMessageContaining("50 or 60")
                .hasMessageContaining("got 55");
    }

    @Test
    void unknown_meter_type_lists_the_known_ones() {
        assertThatThrownBy(() -> open(map("meters", map("GPIO5", map("type", "gas-diaphragm")))))
                .hasMessageContaining("board-options.meters.GPIO5.type")
                .hasMessageContaining("unknown meter type")
                .hasMessageContaining("s0-electricity, water-reed, ct-clamp, ac-voltage, dc-voltage, ina219, digital")
                .hasMessageContaining("got \"gas-diaphragm\"");
    }

    @Test
    void missing_meter_type_is_named() {
        assertThatThrownBy(() -> open(map("meters", map("GPIO5", map("pulses-per-kwh", 800)))))
                .hasMessageContaining("board-options.meters.GPIO5.type").hasMessageContaining("missing");
    }

    @Test
    void meter_that_is_not_a_map_is_named() {
        assertThatThrownBy(() -> open(map("meters", map("GPIO5", "s0-electricity"))))
                .hasMessageContaining("board-options.meters.GPIO5").hasMessageContaining("must be a map");
    }

    @Test
    void peak_below_base_names_both() {
        assertThatThrownBy(() -> open(map("meters", map("GPIO17",
                map("type", "s0-electricity", "base-watts", 500, "peak-watts", 400)))))
                .hasMessageContaining("board-options.meters.GPIO17.peak-watts")
                .hasMessageContaining("base-watts (500.0)").hasMessageContaining("got 400");
    }

    @Test
    void noise_must_be_a_fraction() {
        assertThatThrownBy(() -> open(map("meters", map("GPIO17", map("type", "s0-electricity", "noise", 1.5)))))
                .hasMessageContaining("board-options.meters.GPIO17.noise").hasMessageContaining("got 1.5");
    }

    @Test
    void undeclared_pin_names_channel_pin_and_declared_pins() throws Exception {
        try (SimBoard board = open(allMeters())) {
            assertThatThrownBy(() -> board.pulseCounter(pulse("gas", "GPIO5")))
                    .isInstanceOf(BoardException.class)
                    .hasMessageContaining("channel 'gas'")
                    .hasMessageContaining("pin 'GPIO5'")
                    .hasMessageContaining("board-options.meters (node.yaml:7)")
                    .hasMessageContaining("GPIO17, GPIO27, A0, A1, GPIO22, GPIO23");
        }
    }

    @Test
    void pin_claimed_twice_names_both_channels() throws Exception {
        try (SimBoard board = open(allMeters())) {
            board.pulseCounter(pulse("grid", "GPIO17"));
            assertThatThrownBy(() -> board.pulseCounter(pulse("grid-again", "GPIO17")))
                    .isInstanceOf(BoardException.class)
                    .hasMessageContaining("channel 'grid-again'")
                    .hasMessageContaining("pin 'GPIO17'")
                    .hasMessageContaining("channel 'grid'");
        }
    }

    @Test
    void pulse_counter_on_a_ct_clamp_and_analog_on_a_pulse_pin_are_refused() throws Exception {
        try (SimBoard board = open(allMeters())) {
            assertThatThrownBy(() -> board.pulseCounter(pulse("grid", "A0")))
                    .hasMessageContaining("channel 'grid'").hasMessageContaining("pin 'A0' is a ct-clamp meter");
            assertThatThrownBy(() -> board.analogChannel("mains", "GPIO17"))
                    .hasMessageContaining("channel 'mains'").hasMessageContaining("pin 'GPIO17' is a s0-electricity");
            assertThatThrownBy(() -> board.digitalInput("tamper", "GPIO27"))
                    .hasMessageContaining("channel 'tamper'").hasMessageContaining("needs type digital");
            // A refused request does not claim the pin.
            assertThat(board.pulseCounter(pulse("grid", "GPIO17"))).isNotNull();
        }
    }
}
