package org.meternode.hal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.meternode.hal.PowerMonitor.Measurement;

/**
 * What every {@link PowerMonitor} must do, whatever chip, driver or board is behind it. A test class
 * extends this and supplies a fresh monitor, the true load it is measuring and a way to change that
 * load; JUnit runs these tests for it.
 */
public abstract class PowerMonitorContract {

    /**
     * A monitor under test.
     *
     * @param monitor    the monitor
     * @param truth      the load the hardware really carries now (bus volts, amps, watts = volts × amps)
     * @param changeLoad makes the load different (another current, maybe another voltage)
     * @param voltsStep  one step of the bus voltage reading: a read may be off by at most this
     * @param ampsStep   one step of the current reading
     * @param wattsStep  one step of the power reading, on top of what the volts and amps steps carry into it
     * @param disconnect makes the hardware vanish (chip unplugged, device gone); null skips that check
     */
    public record Subject(PowerMonitor monitor, Supplier<Measurement> truth, Runnable changeLoad, double voltsStep,
            double ampsStep, double wattsStep, Runnable disconnect) {
    }

    /** A fresh monitor for one test. */
    protected abstract Subject newSubject() throws Exception;

    @Test
    void reads_bus_volts_amps_and_watts_within_a_step_of_the_true_load() throws Exception {
        Subject s = newSubject();
        for (int i = 0; i < 4; i++) {
            Measurement truth = s.truth().get();
            assertClose(s, s.monitor().read(), truth, "load " + i);
            s.changeLoad().run();
        }
    }

    @Test
    void follows_a_changed_load_on_the_next_read() throws Exception {
        Subject s = newSubject();
        Measurement before = s.truth().get();
        s.monitor().read();
        s.changeLoad().run();
        Measurement after = s.truth().get();
        assertThat(Math.abs(after.amps() - before.amps())).as("the subject changed the current")
                .isGreaterThan(4 * s.ampsStep());
        assertClose(s, s.monitor().read(), after, "after the change");
    }

    @Test
    void power_is_bus_volts_times_amps() throws Exception {
        Subject s = newSubject();
        Measurement m = s.monitor().read();
        assertThat(m.watts()).isCloseTo(m.busVolts() * Math.abs(m.amps()), within(wattsTolerance(s, m)));
    }

    @Test
    void reads_of_a_steady_load_agree() throws Exception {
        Subject s = newSubject();
        Measurement first = s.monitor().read();
        Measurement second = s.monitor().read();
        assertThat(second.busVolts()).isCloseTo(first.busVolts(), within(2 * s.voltsStep()));
        assertThat(second.amps()).isCloseTo(first.amps(), within(2 * s.ampsStep()));
    }

    @Test
    void a_vanished_device_is_an_IOException_not_a_reading() throws Exception {
        Subject s = newSubject();
        assumeTrue(s.disconnect() != null, "the test cannot disconnect this monitor's hardware");
        s.disconnect().run();
        assertThatThrownBy(() -> s.monitor().read())
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e.getMessage()).as("says what failed").isNotBlank());
    }

    private static void assertClose(Subject s, Measurement read, Measurement truth, String what) {
        assertThat(read.busVolts()).as("%s: bus volts", what).isCloseTo(truth.busVolts(), within(s.voltsStep()));
        assertThat(read.amps()).as("%s: amps", what).isCloseTo(truth.amps(), within(s.ampsStep()));
        assertThat(read.watts()).as("%s: watts", what).isCloseTo(truth.watts(), within(wattsTolerance(s, truth)));
    }

    /** A power step plus what the volts and amps steps carry into a product. */
    private static double wattsTolerance(Subject s, Measurement m) {
        return s.wattsStep() + Math.abs(m.busVolts()) * s.ampsStep() + Math.abs(m.amps()) * s.voltsStep()
                + s.voltsStep() * s.ampsStep();
    }
}
