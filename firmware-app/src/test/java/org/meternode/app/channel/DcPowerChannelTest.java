package org.meternode.app.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.meternode.app.reading.Reading;
import org.meternode.hal.PowerMonitor;

/** A DC power channel: voltage, current, power and integrated energy from a shunt monitor. */
class DcPowerChannelTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void reports_voltage_current_power_and_energy_drawn() throws IOException {
        DcPowerChannel battery = new DcPowerChannel("battery", () -> new PowerMonitor.Measurement(12.6, 1.5, 18.9));

        Channel.Sample first = battery.sample(T0, List.of(), Optional.empty());
        Channel.Sample second = battery.sample(T0.plus(Duration.ofMinutes(20)), List.of(), first.counter());

        assertThat(first.readings()).containsExactly(
                new Reading("battery.voltage", T0, 126, -1, "V", Reading.Quality.GOOD),
                new Reading("battery.current", T0, 15, -1, "A", Reading.Quality.GOOD),
                new Reading("battery.power", T0, 189, -1, "W", Reading.Quality.GOOD),
                new Reading("battery.energy", T0, 0, 0, "kWh", Reading.Quality.GOOD));
        // 18.9 W for 20 minutes = 6.3 Wh = 0.0063 kWh
        assertThat(second.readings().get(3)).isEqualTo(
                new Reading("battery.energy", T0.plus(Duration.ofMinutes(20)), 63, -4, "kWh", Reading.Quality.GOOD));
    }

    @Test
    void energy_after_a_failed_sample_is_marked_interpolated_then_good_again() throws IOException {
        java.util.concurrent.atomic.AtomicBoolean answering = new java.util.concurrent.atomic.AtomicBoolean(true);
        DcPowerChannel battery = new DcPowerChannel("battery", () -> {
            if (!answering.get()) {
                throw new IOException("INA219 0x40: I2C NACK");
            }
            return new PowerMonitor.Measurement(12.6, 1.5, 18.9);
        });
        Channel.Sample first = battery.sample(T0, List.of(), Optional.empty());
        answering.set(false);
        assertThatThrownBy(() -> battery.sample(T0.plus(Duration.ofMinutes(15)), List.of(), first.counter()))
                .isInstanceOf(IOException.class);
        answering.set(true);

        // The sampler kept the last good state: the next good sample spans the failed interval.
        Channel.Sample after = battery.sample(T0.plus(Duration.ofMinutes(30)), List.of(), first.counter());
        Channel.Sample next = battery.sample(T0.plus(Duration.ofMinutes(45)), List.of(), after.counter());

        assertThat(after.readings().get(3).quality()).isEqualTo(Reading.Quality.INTERPOLATED);
        assertThat(after.readings().get(3).value()).isEqualByComparingTo("0.00945"); // 18.9 W for 30 min
        assertThat(next.readings().get(3).quality()).isEqualTo(Reading.Quality.GOOD);
    }

    @Test
    void a_monitor_that_does_not_answer_fails_the_sample_with_its_message() {
        DcPowerChannel battery = new DcPowerChannel("battery", () -> {
            throw new IOException("INA219 0x40: I2C NACK");
        });

        assertThatThrownBy(() -> battery.sample(T0, List.of(), Optional.empty())).isInstanceOf(IOException.class)
                .hasMessageContaining("0x40");
    }
}
