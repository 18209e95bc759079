package org.meternode.hal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.DoubleConsumer;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AnalogChannel} must do, whatever chip or board is behind it. A test class
 * extends this and supplies a fresh channel with a way to drive its input; JUnit runs these tests
 * for it.
 */
public abstract class AnalogChannelContract {

    /**
     * A channel under test.
     *
     * @param channel    the channel
     * @param input      sets the voltage at the channel's input
     * @param stepVolts  the voltage one code step is worth: a read may be off by at most this
     * @param maxVolts   the largest input the channel is set up to read
     * @param clock      the clock the channel paces its reads by, when the test controls it;
     *                   null skips the pacing check
     * @param disconnect makes the hardware vanish (chip unplugged, bus dead); null skips that check
     */
    public record Subject(AnalogChannel channel, DoubleConsumer input, double stepVolts, double maxVolts,
                             Clock clock, Runnable disconnect) {
    }

    /** A fresh channel for one test. */
    protected abstract Subject newSubject();

    @Test
    void reads_the_input_voltage_within_one_step() throws IOException {
        Subject s = newSubject();
        for (double fraction : new double[] {0.1, 0.25, 0.5, 0.77, 0.95}) {
            double volts = fraction * s.maxVolts();
            s.input().accept(volts);
            assertThat(s.channel().readVolts()).as("reading %.4f V", volts).isCloseTo(volts, within(s.stepVolts()));
        }
    }

    @Test
    void reads_zero_at_a_grounded_input() throws IOException {
        Subject s = newSubject();
        s.input().accept(0.0);
        assertThat(s.channel().readVolts()).isCloseTo(0.0, within(s.stepVolts()));
    }

    @Test
    void follows_a_changed_input_on_the_next_read() throws IOException {
        Subject s = newSubject();
        s.input().accept(0.2 * s.maxVolts());
        s.channel().readVolts();
        s.input().accept(0.6 * s.maxVolts());
        assertThat(s.channel().readVolts()).isCloseTo(0.6 * s.maxVolts(), within(s.stepVolts()));
    }

    @Test
    void reports_a_positive_finite_sample_rate() {
        double sps = newSubject().channel().samplesPerSecond();
        assertThat(sps).isPositive().isFinite();
    }

    @Test
    void bulk_read_fills_every_slot_with_a_conversion() throws IOException {
        Subject s = newSubject();
        s.input().accept(0.4 * s.maxVolts());
        double[] volts = new double[8];
        Arrays.fill(volts, Double.NaN);
        s.channel().readVolts(volts);
        for (double v : volts) {
            assertThat(v).isCloseTo(0.4 * s.maxVolts(), within(s.stepVolts()));
        }
    }

    @Test
    void consecutive_reads_are_paced_at_the_sample_rate() throws IOException {
        Subject s = newSubject();
        assumeTrue(s.clock() != null, "the channel's clock is not under the test's control");
        int reads = 20;
        double period = 1 / s.channel().samplesPerSecond();
        Instant start = s.clock().instant();
        for (int i = 0; i < reads; i++) {
            s.channel().readVolts();
        }
        double elapsed = Duration.between(start, s.clock().instant()).toNanos() / 1e9;
        // Whole mains cycles are sampled by counting reads, so n reads must span n periods, give or take one.
        assertThat(elapsed).isBetween((reads - 1) * period, (reads + 1) * period);
    }

    @Test
    void a_vanished_device_is_an_IOException_not_a_reading() {
        Subject s = newSubject();
        assumeTrue(s.disconnect() != null, "the test cannot disconnect this channel's hardware");
        s.disconnect().run();
        assertThatThrownBy(() -> s.channel().readVolts())
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e.getMessage()).as("says what failed").isNotBlank());
    }
}
