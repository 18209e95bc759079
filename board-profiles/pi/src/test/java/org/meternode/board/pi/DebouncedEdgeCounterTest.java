package org.meternode.board.pi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DebouncedEdgeCounterTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Instant ms(long millis) {
        return T0.plusMillis(millis);
    }

    @Test
    void zero_width_counts_every_rising_edge() {
        DebouncedEdgeCounter c = new DebouncedEdgeCounter(Duration.ZERO, false, T0);
        c.level(true, ms(1));
        c.level(false, ms(1));
        c.level(true, ms(2));
        assertThat(c.total(ms(2))).isEqualTo(2);
    }

    @Test
    void a_line_found_high_at_open_is_not_a_pulse() {
        DebouncedEdgeCounter c = new DebouncedEdgeCounter(Duration.ofMillis(10), true, T0);
        assertThat(c.total(ms(1000))).isZero();
    }

    @Test
    void repeated_levels_are_not_edges() {
        DebouncedEdgeCounter c = new DebouncedEdgeCounter(Duration.ofMillis(10), false, T0);
        c.level(true, ms(100));
        c.level(true, ms(105)); // a repeat must not restart the width
        assertThat(c.total(ms(111))).isEqualTo(1);
    }

    @Test
    void a_clock_stepping_back_delays_but_does_not_invent_a_count() {
        DebouncedEdgeCounter c = new DebouncedEdgeCounter(Duration.ofMillis(10), false, T0);
        c.level(true, ms(100));
        assertThat(c.total(ms(50))).isZero();
        assertThat(c.total(ms(110))).isEqualTo(1);
        assertThat(c.total(ms(500))).isEqualTo(1);
    }

    @Test
    void a_negative_width_is_refused() {
        assertThatThrownBy(() -> new DebouncedEdgeCounter(Duration.ofMillis(-1), false, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
