package org.meternode.board.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.meternode.board.linux.FakeKernel.put;
import static org.meternode.board.linux.LinuxTesting.map;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.AnalogChannel;
import org.meternode.hal.BoardException;
import org.meternode.hal.bus.fake.VirtualSleeper;

class IioAnalogChannelTest {
    @TempDir
    Path dir;

    private final VirtualSleeper time = new VirtualSleeper();
    private FakeKernel kernel;
    private LinuxBoard board;

    @AfterEach
    void close() {
        if (board != null) {
            board.close();
        }
    }

    private AnalogChannel channel(Map<String, Object> pin) throws BoardException {
        board = LinuxTesting.open(kernel, time, map("pins", map("A0", pin)));
        return board.analogChannel("mains", "A0");
    }

    @Test
    void ads1015_per_channel_scale_gives_volts_from_raw() throws Exception {
        kernel = new FakeKernel(dir);
        Path ads = kernel.iio("iio:device0");
        put(ads, "in_voltage0_raw", 1000);
        put(ads, "in_voltage0_scale", "2.000000000"); // ADS1015 at ±4.096 V: 2 mV per count
        put(ads, "in_voltage0_sampling_frequency", 1600);
        put(ads, "in_voltage_scale", "99.0"); // a shared scale must lose to the channel's own
        AnalogChannel a0 = channel(map("kind", "iio", "device", "iio:device0", "channel", 0));
        assertThat(a0.readVolts()).isCloseTo(2.0, within(1e-12));
        assertThat(a0.samplesPerSecond()).isEqualTo(1600);
    }

    @Test
    void mcp3008_shared_scale_and_an_offset_are_applied() throws Exception {
        kernel = new FakeKernel(dir);
        Path mcp = kernel.iio("iio:device1");
        put(mcp, "in_voltage5_raw", 512);
        put(mcp, "in_voltage_scale", "3.222656250"); // 3300 mV / 1024
        put(mcp, "in_voltage5_offset", -12);
        AnalogChannel ch5 = channel(map("kind", "iio", "device", "iio:device1", "channel", 5));
        assertThat(ch5.readVolts()).isCloseTo((512 - 12) * 3.22265625 / 1000, within(1e-12));
    }

    @Test
    void a_scale_of_one_millivolt_per_count_reads_raw_as_millivolts() throws Exception {
        kernel = new FakeKernel(dir);
        Path adc = kernel.iio("iio:device0");
        put(adc, "in_voltage1_raw", 1234);
        put(adc, "in_voltage_scale", "1.000000");
        AnalogChannel ch = channel(map("kind", "iio", "device", "iio:device0", "channel", 1));
        assertThat(ch.readVolts()).isCloseTo(1.234, within(1e-12));
    }

    @Test
    void differential_pairs_and_negative_raw_values_are_read() throws Exception {
        kernel = new FakeKernel(dir);
        Path ads = kernel.iio("iio:device0");
        put(ads, "in_voltage0-voltage1_raw", -800);
        put(ads, "in_voltage0-voltage1_scale", "0.125000000");
        AnalogChannel diff = channel(map("kind", "iio", "device", "iio:device0", "channel", "0-voltage1"));
        assertThat(diff.readVolts()).isCloseTo(-0.1, within(1e-12));
    }

    @Test
    void the_rate_comes_from_the_device_else_from_the_option() throws Exception {
        kernel = new FakeKernel(dir);
        Path ina = kernel.iio("iio:device0");
        put(ina, "in_voltage1_raw", 3000);
        put(ina, "in_voltage1_scale", "4");
        AnalogChannel withOption = channel(map("kind", "iio", "device", "iio:device0", "channel", 1,
                "samples-per-second", 250));
        assertThat(withOption.samplesPerSecond()).isEqualTo(250);
        board.close();
        put(ina, "in_sampling_frequency", "117"); // ina2xx: shared by direction
        assertThat(channel(map("kind", "iio", "device", "iio:device0", "channel", 1)).samplesPerSecond())
                .isEqualTo(117);
    }

    @Test
    void the_default_rate_is_860() throws Exception {
        kernel = new FakeKernel(dir);
        Path adc = kernel.iio("iio:device0");
        put(adc, "in_voltage0_raw", 0);
        put(adc, "in_voltage_scale", "1.000000");
        assertThat(channel(map("kind", "iio", "device", "iio:device0", "channel", 0)).samplesPerSecond())
                .isEqualTo(860);
    }

    @Test
    void reads_are_paced_on_the_board_sleeper() throws Exception {
        kernel = new FakeKernel(dir);
        Path adc = kernel.iio("iio:device0");
        put(adc, "in_voltage0_raw", 0);
        put(adc, "in_voltage_scale", "1.000000");
        put(adc, "sampling_frequency", 100);
        AnalogChannel ch = channel(map("kind", "iio", "device", "iio:device0", "channel", 0));
        var start = time.now();
        ch.readVolts(new double[11]);
        assertThat(Duration.between(start, time.now())).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void a_channel_without_any_scale_is_refused_naming_both_files() {
        kernel = new FakeKernel(dir);
        Path adc = kernel.iio("iio:device0");
        put(adc, "in_voltage0_raw", 0);
        assertThatThrownBy(() -> channel(map("kind", "iio", "device", "iio:device0", "channel", 0)))
                .isInstanceOf(BoardException.class)
                .hasMessage("channel 'mains': pin A0 (iio): " + adc.resolve("in_voltage0_scale")
                        + " does not exist — neither does " + adc.resolve("in_voltage_scale")
                        + ", so the driver gives no scale for this channel");
    }

    @Test
    void an_unreadable_scale_is_refused_with_its_content() {
        kernel = new FakeKernel(dir);
        Path adc = kernel.iio("iio:device0");
        put(adc, "in_voltage0_raw", 0);
        put(adc, "in_voltage0_scale", "fast");
        assertThatThrownBy(() -> channel(map("kind", "iio", "device", "iio:device0", "channel", 0)))
                .hasMessage("channel 'mains': pin A0 (iio): " + adc.resolve("in_voltage0_scale")
                        + ": expected a decimal number, read \"fast\"");
    }

    @Test
    void a_failing_read_is_an_IOException_naming_the_path() throws Exception {
        kernel = new FakeKernel(dir);
        Path adc = kernel.iio("iio:device0");
        Path raw = put(adc, "in_voltage0_raw", 0);
        put(adc, "in_voltage_scale", "1.000000");
        AnalogChannel ch = channel(map("kind", "iio", "device", "iio:device0", "channel", 0));
        FakeKernel.write(raw, "\n"); // what a driver's failed conversion can leave
        assertThatThrownBy(ch::readVolts)
                .isInstanceOf(IOException.class)
                .hasMessage("channel 'mains': pin A0 (iio): " + raw + ": expected a whole number, read \"\"");
    }
}
