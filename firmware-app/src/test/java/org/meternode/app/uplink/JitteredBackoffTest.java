package org.meternode.app.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Full-jitter back-off: bounds per attempt, reset, and a uniform draw below the ceiling. */
class JitteredBackoffTest {
    private static final Duration BASE = Duration.ofSeconds(2);
    private static final Duration CAP = Duration.ofMinutes(5);

    @Test
    void each_pause_is_below_min_of_cap_and_base_times_two_to_the_attempt() {
        JitteredBackoff backoff = new JitteredBackoff(BASE, CAP, new SplittableRandom(7));
        for (int round = 0; round < 200; round++) {
            for (int n = 0; n < 80; n++) {
                Duration ceiling = n >= 20 ? CAP : min(CAP, BASE.multipliedBy(1L << n));
                assertThat(backoff.next()).as("attempt %d", n).isGreaterThanOrEqualTo(Duration.ZERO)
                        .isLessThan(ceiling);
            }
            backoff.reset();
        }
    }

    @Test
    void attempts_count_up_and_reset_starts_over_below_base() {
        JitteredBackoff backoff = new JitteredBackoff(BASE, CAP, new SplittableRandom(1));
        for (int i = 0; i < 10; i++) {
            backoff.next();
        }
        assertThat(backoff.attempts()).isEqualTo(10);

        backoff.reset();

        assertThat(backoff.attempts()).isZero();
        for (int i = 0; i < 1000; i++) {
            assertThat(backoff.next()).isLessThan(BASE);
            backoff.reset();
        }
    }

    @Test
    void the_same_seed_gives_the_same_pauses() {
        JitteredBackoff a = new JitteredBackoff(BASE, CAP, new SplittableRandom(42));
        JitteredBackoff b = new JitteredBackoff(BASE, CAP, new SplittableRandom(42));
        for (int i = 0; i < 30; i++) {
            assertThat(a.next()).isEqualTo(b.next());
        }
    }

    @Test
    void capped_pauses_are_uniform_over_the_whole_range() {
        JitteredBackoff backoff = new JitteredBackoff(BASE, CAP, new SplittableRandom(2026));
        for (int i = 0; i < 10; i++) {
            backoff.next(); // well past the cap: every further ceiling is 5 min
        }
        int draws = 100_000;
        int buckets = 10;
        int[] counts = new int[buckets];
        double sumSeconds = 0;
        for (int i = 0; i < draws; i++) {
            Duration pause = backoff.next();
            counts[(int) (pause.toNanos() * buckets / CAP.toNanos())]++;
            sumSeconds += pause.toNanos() / 1e9;
        }
        double expected = (double) draws / buckets;
        double chiSquare = 0;
        for (int c : counts) {
            chiSquare += (c - expected) * (c - expected) / expected;
        }

        assertThat(chiSquare).as("chi-square, 9 degrees of freedom (99th percentile 21.67)").isLessThan(21.67);
        assertThat(sumSeconds / draws).as("mean pause: half the cap").isBetween(148.0, 152.0);
    }

    @Test
    void the_first_pauses_of_many_nodes_do_not_bunch_at_one_instant() {
        // The point of jitter: 10,000 nodes failing together retry across [0, base), not all at base.
        SplittableRandom seeds = new SplittableRandom(99);
        int atMostTenMs = 0;
        for (int node = 0; node < 10_000; node++) {
            Duration first = new JitteredBackoff(BASE, CAP, seeds.split()).next();
            if (first.toMillis() < 10) {
                atMostTenMs++;
            }
        }
        assertThat(atMostTenMs).as("nodes retrying in the first 10 ms of 2 s (expected ~50)").isLessThan(100);
    }

    @Test
    void bad_bounds_are_refused_naming_them() {
        assertThatThrownBy(() -> new JitteredBackoff(Duration.ZERO, CAP, new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base");
        assertThatThrownBy(() -> new JitteredBackoff(CAP, BASE, new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cap (PT2S)")
                .hasMessageContaining("base (PT5M)");
    }

    @Test
    void a_cap_equal_to_base_and_huge_attempt_counts_do_not_overflow() {
        JitteredBackoff backoff = new JitteredBackoff(Duration.ofDays(1), Duration.ofDays(1), new SplittableRandom(3));
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.next()).isLessThan(Duration.ofDays(1));
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
