package org.meternode.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void parses_every_unit() {
        assertThat(Durations.parse("20ms")).isEqualTo(Duration.ofMillis(20));
        assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("-5m")).isEqualTo(Duration.ofMinutes(-5));
    }

    @Test
    void refuses_a_bare_number_and_unknown_units() {
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("15"))
                .withMessageStartingWith("no unit: write a unit, e.g. 15m");
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("15min"))
                .withMessage("unknown unit 'min': use ms, s, m, h or d");
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("1.0005s"))
                .withMessage("not a whole number of milliseconds");
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("soon"))
                .withMessageStartingWith("not a duration");
    }

    @Test
    void formats_in_the_largest_exact_unit_and_reads_back() {
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.format(Duration.ofDays(1))).isEqualTo("1d");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        for (String text : new String[] {"1d", "36h", "15m", "90s", "20ms", "-5m"}) {
            assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
        }
    }
}
