package org.meternode.app.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Aligned interval ends, what to sample next, and which ends a node that was off has missed. */
class IntervalScheduleTest {
    private static final Duration QUARTER = Duration.ofMinutes(15);
    private static final Duration LATENESS = QUARTER.dividedBy(20); // 45 s, as the Sampler uses
    private static final IntervalSchedule ALIGNED = IntervalSchedule.aligned(QUARTER);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2026-03-01T10:07:00Z,     2026-03-01T10:00:00Z",
            "2026-03-01T10:00:00Z,     2026-03-01T10:00:00Z",
            "2026-03-01T10:14:59.999Z, 2026-03-01T10:00:00Z",
            "2026-03-01T23:59:59Z,     2026-03-01T23:45:00Z",
            "1969-12-31T23:50:00Z,     1969-12-31T23:45:00Z"})
    void floor_is_the_last_aligned_boundary_at_or_before(Instant t, Instant floor) {
        assertThat(ALIGNED.floor(t)).isEqualTo(floor);
    }

    @Test
    void an_unaligned_schedule_counts_from_its_anchor() {
        IntervalSchedule s = new IntervalSchedule(QUARTER, Instant.parse("2026-03-01T10:03:00Z"));

        assertThat(s.floor(Instant.parse("2026-03-01T10:20:00Z"))).isEqualTo(Instant.parse("2026-03-01T10:18:00Z"));
        assertThat(s.floor(Instant.parse("2026-03-01T10:01:00Z"))).isEqualTo(Instant.parse("2026-03-01T09:48:00Z"));
    }

    @Test
    void next_is_the_coming_boundary_when_the_last_one_is_stored() {
        Instant next = ALIGNED.next(Optional.of(at("10:00")), at("10:07"), LATENESS);

        assertThat(next).isEqualTo(at("10:15"));
    }

    @Test
    void a_node_with_nothing_stored_waits_for_the_coming_boundary() {
        assertThat(ALIGNED.next(Optional.empty(), at("10:07"), LATENESS)).isEqualTo(at("10:15"));
        // Even one just passed: there is no earlier interval it would close.
        assertThat(ALIGNED.next(Optional.empty(), at("10:15:10"), LATENESS)).isEqualTo(at("10:30"));
    }

    @ParameterizedTest(name = "woken at {0}")
    @CsvSource({"10:15:00", "10:15:00.001", "10:15:30", "10:15:45"})
    void a_boundary_passed_within_lateness_is_sampled_at_once(String now) {
        assertThat(ALIGNED.next(Optional.of(at("10:00")), at(now), LATENESS)).isEqualTo(at("10:15"));
    }

    @ParameterizedTest(name = "woken at {0}")
    @CsvSource({"10:15:45.001", "10:16:00", "10:29:59"})
    void a_boundary_passed_longer_ago_waits_for_the_next_one(String now) {
        assertThat(ALIGNED.next(Optional.of(at("10:00")), at(now), LATENESS)).isEqualTo(at("10:30"));
    }

    @Test
    void after_a_long_outage_the_next_sample_is_the_coming_boundary_not_the_stale_ones() {
        assertThat(ALIGNED.next(Optional.of(at("06:00")), at("10:07"), LATENESS)).isEqualTo(at("10:15"));
        assertThat(ALIGNED.next(Optional.of(at("06:00")), at("10:15:20"), LATENESS)).isEqualTo(at("10:15"));
    }

    @Test
    void a_boundary_already_stored_is_not_sampled_again() {
        assertThat(ALIGNED.next(Optional.of(at("10:15")), at("10:15:10"), LATENESS)).isEqualTo(at("10:30"));
        assertThat(ALIGNED.next(Optional.of(at("10:15")), at("10:15:00"), LATENESS)).isEqualTo(at("10:30"));
    }

    @Test
    void next_follows_the_last_stored_when_the_clock_went_back() {
        assertThat(ALIGNED.next(Optional.of(at("10:30")), at("10:07"), LATENESS)).isEqualTo(at("10:45"));
    }

    @Test
    void next_is_always_after_the_last_stored() {
        for (int lastMinute = 0; lastMinute < 180; lastMinute += 15) {
            Instant last = at("08:00").plus(Duration.ofMinutes(lastMinute));
            for (int nowSeconds = 0; nowSeconds < 3 * 3600; nowSeconds += 37) {
                Instant now = at("08:00").plusSeconds(nowSeconds);
                Instant next = ALIGNED.next(Optional.of(last), now, LATENESS);

                assertThat(next).as("last %s, now %s", last, now).isAfter(last);
                assertThat(ALIGNED.floor(next)).as("aligned").isEqualTo(next);
                assertThat(next).as("not more than one interval ahead of now or of last")
                        .isBeforeOrEqualTo(max(now, last).plus(QUARTER));
            }
        }
    }

    @Test
    void missed_between_lists_exactly_the_skipped_boundaries() {
        assertThat(ALIGNED.missedBetween(Optional.of(at("10:00")), at("11:00")))
                .containsExactly(at("10:15"), at("10:30"), at("10:45"));
    }

    @Test
    void nothing_is_missed_between_consecutive_boundaries_or_with_nothing_stored() {
        assertThat(ALIGNED.missedBetween(Optional.of(at("10:00")), at("10:15"))).isEmpty();
        assertThat(ALIGNED.missedBetween(Optional.empty(), at("11:00"))).isEmpty();
        assertThat(ALIGNED.missedBetween(Optional.of(at("11:00")), at("11:00"))).isEmpty();
        assertThat(ALIGNED.missedBetween(Optional.of(at("11:15")), at("11:00"))).isEmpty();
    }

    @Test
    void missed_between_keeps_all_of_a_gap_of_exactly_max_missed() {
        Instant last = at("00:00");
        Instant end = last.plus(QUARTER.multipliedBy(IntervalSchedule.MAX_MISSED + 1L));

        List<Instant> missed = ALIGNED.missedBetween(Optional.of(last), end);

        assertThat(missed).hasSize(IntervalSchedule.MAX_MISSED);
        assertThat(missed.get(0)).isEqualTo(last.plus(QUARTER));
        assertThat(missed.get(missed.size() - 1)).isEqualTo(end.minus(QUARTER));
    }

    @Test
    void missed_between_caps_a_longer_gap_at_max_missed_keeping_the_newest() {
        Instant last = at("00:00");
        Instant end = last.plus(QUARTER.multipliedBy(3L * IntervalSchedule.MAX_MISSED));

        List<Instant> missed = ALIGNED.missedBetween(Optional.of(last), end);

        assertThat(missed).hasSize(IntervalSchedule.MAX_MISSED);
        assertThat(missed.get(0)).isEqualTo(end.minus(QUARTER.multipliedBy(IntervalSchedule.MAX_MISSED)));
        assertThat(missed.get(missed.size() - 1)).isEqualTo(end.minus(QUARTER));
        assertThat(missed).isSorted().doesNotHaveDuplicates();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** A time of day on 2026-03-01 UTC: {@code 10:15} or {@code 10:15:45.001}. */
    private static Instant at(String time) {
        return Instant.parse("2026-03-01T" + (time.length() == 5 ? time + ":00" : time) + "Z");
    }
}
