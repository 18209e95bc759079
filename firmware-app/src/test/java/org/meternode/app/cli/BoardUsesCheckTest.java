package org.meternode.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code check-config} asks the board profile about each channel's input (declared, of a kind that
 * serves the channel, not taken twice) and refuses what {@code run} refuses at start, with run's
 * message placed at the channel's key; real config files through the real command line, the pi,
 * linux and sim profiles on the class path.
 */
class BoardUsesCheckTest {
    @TempDir
    Path dir;

    // ---- linux ----

    @Test
    void linux_a_pulse_channel_on_an_undeclared_pin_is_refused_as_run_refuses_it() throws Exception {
        Path file = write(config("linux", pulse("grid", "GPIO22"),
                "  pins:\n    GPIO17: { kind: counter, device: counter0 }\n"));

        CheckAndRun both = checkThenRun(file);
        Result check = both.check();
        Result run = both.run();

        assertThat(run.code).isEqualTo(MeternodeCommand.EXIT_CONFIG);
        assertThat(run.errors).containsExactly("error: channel 'grid': pin GPIO22 is not declared at board-options.pins ("
                + file + ":" + at(file, "pins:") + ") (declared pins: GPIO17)");
        assertRefusedAsRun(check, run, file, "input: GPIO22");
    }

    @Test
    void linux_a_pulse_channel_on_an_iio_pin_is_refused_as_run_refuses_it() throws Exception {
        Path file = write(config("linux", pulse("grid", "A0"),
                "  pins:\n    A0: { kind: iio, device: \"iio:device0\", channel: 0 }\n"));

        refusedAsRun(file, "error: channel 'grid': pin A0 is an iio pin and cannot serve as a pulse"
                + " counter (needs kind counter or input-event)", "input: A0");
    }

    @Test
    void linux_declared_pins_of_the_right_kinds_pass() throws Exception {
        Path file = write(config("linux", pulse("grid", "GPIO17") + ctClamp("mains", "A0"),
                "  pins:\n    GPIO17: { kind: counter, device: counter0 }\n"
                        + "    A0: { kind: iio, device: \"iio:device0\", channel: 0 }\n"));

        assertPasses(file, "board 'linux', 2 channel(s)");
    }

    // ---- sim ----

    @Test
    void sim_a_pulse_channel_on_a_pin_without_a_meter_is_refused_as_run_refuses_it() throws Exception {
        Path file = write(config("sim", pulse("grid", "GPIO17"),
                "  meters:\n    GPIO27: { type: water-reed }\n"));

        refusedAsRun(file, "error: channel 'grid': pin 'GPIO17' has no simulated meter at"
                + " board-options.meters (" + file + ":" + at(file, "meters:") + ") (declared pins: GPIO27)", "input: GPIO17");
    }

    @Test
    void sim_a_pulse_channel_on_a_ct_clamp_meter_is_refused_as_run_refuses_it() throws Exception {
        Path file = write(config("sim", pulse("grid", "A0"), "  meters:\n    A0: { type: ct-clamp }\n"));

        refusedAsRun(file, "error: channel 'grid': pin 'A0' is a ct-clamp meter and cannot serve as"
                + " a pulse counter (needs type s0-electricity or water-reed)", "input: A0");
    }

    @Test
    void sim_a_voltage_reference_without_a_meter_is_placed_at_its_voltage_input() throws Exception {
        Path file = write(config("sim", ctClamp("mains", "A0") + "    voltage-input: A1\n    volts-per-volt: 287.5\n",
                "  meters:\n    A0: { type: ct-clamp }\n"));

        CheckAndRun both = checkThenRun(file);
        Result check = both.check();
        Result run = both.run();

        assertThat(run.errors).singleElement().asString().startsWith("error: channel 'mains': pin 'A1' has no simulated meter");
        assertRefusedAsRun(check, run, file, "voltage-input: A1");
    }

    @Test
    void sim_meters_of_the_right_types_pass() throws Exception {
        Path file = write(config("sim", pulse("grid", "GPIO17") + ctClamp("mains", "ads1115/A0"),
                "  meters:\n    GPIO17: { type: s0-electricity }\n    \"ads1115@0x48/A0\": { type: ct-clamp }\n"));

        assertPasses(file, "board 'sim', 2 channel(s)");
    }

    // ---- pi: run stops at Pi4J off a Pi, so the messages are pinned here and matched to PiBoard's in PiPinUseCheckTest ----

    @Test
    void pi_a_pin_past_the_header_is_refused_at_its_input() throws Exception {
        Path file = write(config("pi", pulse("grid", "GPIO99"), null));

        Result check = execute("check-config", file.toString());

        assertThat(check.code).isEqualTo(MeternodeCommand.EXIT_CONFIG);
        assertThat(check.errors).containsExactly("error: " + file + ":" + at(file, "input: GPIO99") + ": channel 'grid':"
                + " pin 'GPIO99' is not a Raspberry Pi header GPIO; use GPIO0..GPIO27 or a BCM number 0..27");
        assertThat(dir.resolve("state")).doesNotExist();
    }

    @Test
    void pi_an_adc_input_that_does_not_parse_is_refused_at_its_input() throws Exception {
        Path file = write(config("pi", ctClamp("mains", "ads1115@0x99/A0"), null));

        Result check = execute("check-config", file.toString());

        assertThat(check.code).isEqualTo(MeternodeCommand.EXIT_CONFIG);
        assertThat(check.errors).containsExactly("error: " + file + ":" + at(file, "input: ads1115@0x99/A0")
                + ": channel 'mains': analog input 'ads1115@0x99/A0': ADS1115 address must be 0x48..0x4B (ADDR pin to"
                + " GND, VDD, SDA or SCL)");
    }

    @Test
    void pi_two_channels_on_one_pin_are_refused_at_the_second() throws Exception {
        Path file = write(config("pi", pulse("grid", "GPIO17") + pulse("water", "\"17\""), null));

        Result check = execute("check-config", file.toString());

        assertThat(check.code).isEqualTo(MeternodeCommand.EXIT_CONFIG);
        assertThat(check.errors).containsExactly("error: " + file + ":" + at(file, "input: \"17\"")
                + ": channel 'water': pin GPIO17 is already claimed by channel 'grid'");
    }

    @Test
    void every_refused_input_gets_its_own_line() throws Exception {
        Path file = write(config("pi", pulse("grid", "GPIO99") + pulse("water", "GPIO3") + ctClamp("mains", "ads1115/A0"),
                null));

        Result check = execute("check-config", file.toString());

        assertThat(check.errors).containsExactly(
                "error: " + file + ":" + at(file, "input: GPIO99") + ": channel 'grid': pin 'GPIO99' is not a Raspberry"
                        + " Pi header GPIO; use GPIO0..GPIO27 or a BCM number 0..27",
                "error: " + file + ":" + at(file, "input: ads1115/A0") + ": channel 'mains': I2C bus 1: pin GPIO3 is"
                        + " already claimed by channel 'water'");
    }

    @Test
    void pi_valid_pins_and_inputs_pass() throws Exception {
        Path file = write(config("pi", pulse("grid", "GPIO17") + ctClamp("mains", "ads1115@0x48/A0"),
                "  tamper: GPIO22\n  status-led: GPIO24\n"));

        assertPasses(file, "board 'pi', 2 channel(s)");
    }

    @Test
    void the_packaged_config_still_passes() throws Exception {
        Path packaged = Path.of("..", "packaging", "deb", "src", "deb", "etc", "meternode.yaml");
        Path file = dir.resolve("meternode.yaml");
        Files.writeString(file, Files.readString(packaged).replace("path: /var/lib/meternode", "path: state"));

        assertPasses(file, "board 'pi', 1 channel(s)");
    }

    // ---- helpers ----

    private record CheckAndRun(Result check, Result run) {
    }

    /** check-config, then (the state directory still absent) run for a second. */
    private CheckAndRun checkThenRun(Path file) {
        Result check = execute("check-config", file.toString());
        assertThat(dir.resolve("state")).as("check-config touches no state").doesNotExist();
        return new CheckAndRun(check, execute("run", "--config", file.toString(), "--duration", "1s"));
    }

    /** check-config says what run says, after the place of the channel key that names the input. */
    /** Runs check-config and run on {@code file}: run refuses with {@code runError}, check-config the same way. */
    private void refusedAsRun(Path file, String runError, String anchor) throws Exception {
        CheckAndRun both = checkThenRun(file);
        assertThat(both.run().errors).containsExactly(runError);
        assertRefusedAsRun(both.check(), both.run(), file, anchor);
    }

    private void assertRefusedAsRun(Result check, Result run, Path file, String inputLine) throws Exception {
        assertThat(check.code).isEqualTo(MeternodeCommand.EXIT_CONFIG);
        assertThat(run.code).isEqualTo(MeternodeCommand.EXIT_CONFIG);
        assertThat(run.errors).hasSize(1);
        assertThat(check.errors).containsExactly(
                "error: " + file + ":" + at(file, inputLine) + ": " + run.errors.get(0).substring("error: ".length()));
    }

    private void assertPasses(Path file, String summary) {
        Result check = execute("check-config", file.toString());
        assertThat(check.errors).isEmpty();
        assertThat(check.code).isZero();
        assertThat(check.out).startsWith(file + ": OK").contains(summary);
        assertThat(dir.resolve("state")).as("check-config touches no state").doesNotExist();
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("meternode.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static String config(String board, String channels, String boardOptions) {
        return "node:\n  endpoint: meter-1\nboard: " + board + "\nsampling:\n  interval: 15m\nchannels:\n" + channels
                + "server:\n  uri: coaps://127.0.0.1:5684\n  security:\n    identity: meter-1\n    key-hex: 00112233\n"
                + "storage:\n  path: state\n" + (boardOptions == null ? "" : "board-options:\n" + boardOptions);
    }

    private static String pulse(String id, String input) {
        return "  - id: " + id + "\n    type: pulse\n    input: " + input + "\n    pulses-per-kwh: 1000\n";
    }

    private static String ctClamp(String id, String input) {
        return "  - id: " + id + "\n    type: ct-clamp\n    input: " + input + "\n    ratio: 100A:50mA\n    burden-ohm: 22\n";
    }

    /** {@code line:column} of the value on the line that ends with {@code keyAndValue} (a key alone: the key). */
    private static String at(Path file, String keyAndValue) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            int k = lines.get(i).indexOf(keyAndValue);
            if (k >= 0 && lines.get(i).endsWith(keyAndValue)) {
                int colon = keyAndValue.indexOf(": ");
                return (i + 1) + ":" + (k + 1 + (colon < 0 ? 0 : colon + 2));
            }
        }
        throw new AssertionError(keyAndValue + " is not in " + file);
    }

    private record Result(int code, List<String> errors, String out) {
    }

    private static Result execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = MeternodeCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, err.toString().lines().filter(l -> l.startsWith("error")).toList(), out.toString());
    }
}
