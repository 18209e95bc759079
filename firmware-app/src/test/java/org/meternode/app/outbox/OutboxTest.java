package org.meternode.app.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.reading.Reading;
import org.meternode.app.reading.Reading.Quality;

/** The outbox on a real SQLite file: order, acknowledgement, deduplication, persistence, atomicity. */
class OutboxTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(15);

    @TempDir
    Path dir;

    private Path file;
    private Outbox outbox;

    @BeforeEach
    void open() {
        file = dir.resolve("state/outbox.db");
        outbox = Outbox.open(file);
    }

    @AfterEach
    void close() {
        outbox.close();
    }

    @Test
    void creates_its_directory_and_starts_empty() {
        assertThat(file).exists();
        assertThat(outbox.pending(10)).isEmpty();
        assertThat(outbox.pendingCount()).isZero();
        assertThat(outbox.oldestPending()).isEmpty();
        assertThat(outbox.lastIntervalEnd()).isEmpty();
        assertThat(outbox.counterStates()).isEmpty();
        assertThat(outbox.deliveredUpTo()).isZero();
    }

    @Test
    void the_last_delivery_is_timed_on_the_injected_clock() {
        outbox.close();
        Instant sim = Instant.parse("2031-07-04T12:00:00Z"); // a virtual time far from the machine's
        outbox = Outbox.open(file, java.time.Clock.fixed(sim, java.time.ZoneOffset.UTC));
        appendThreeIntervals();

        outbox.markDelivered(outbox.pending(1).get(0).seq());

        assertThat(outbox.lastDelivery()).contains(sim);
    }

    @Test
    void pending_lists_readings_oldest_first_across_intervals() {
        appendThreeIntervals();

        List<StoredReading> pending = outbox.pending(100);

        assertThat(pending).extracting(s -> s.reading().channel() + "@" + s.reading().at()).containsExactly(
                "grid.energy@2026-03-01T10:00:00Z", "grid.power@2026-03-01T10:00:00Z",
                "grid.energy@2026-03-01T10:15:00Z", "grid.power@2026-03-01T10:15:00Z",
                "grid.energy@2026-03-01T10:30:00Z", "grid.power@2026-03-01T10:30:00Z");
        assertThat(pending).extracting(StoredReading::seq).isSorted().doesNotHaveDuplicates();
        assertThat(outbox.pending(3)).containsExactlyElementsOf(pending.subList(0, 3));
    }

    @Test
    void keeps_every_field_of_a_reading_exactly() {
        Reading r = new Reading("water.volume", T0, 1_234_567_890_123L, -9, "m3", Quality.INTERPOLATED);
        outbox.appendInterval(T0, List.of(r), Map.of());

        assertThat(outbox.pending(1)).singleElement().extracting(StoredReading::reading).isEqualTo(r);
    }

    @Test
    void marks_delivered_only_up_to_the_acknowledged_sequence() {
        appendThreeIntervals();
        List<StoredReading> before = outbox.pending(100);
        long acknowledged = before.get(2).seq();

        outbox.markDelivered(acknowledged);

        assertThat(outbox.pending(100)).containsExactlyElementsOf(before.subList(3, 6));
        assertThat(outbox.pendingCount()).isEqualTo(3);
        assertThat(outbox.deliveredUpTo()).isEqualTo(acknowledged);
    }

    @Test
    void delivered_readings_stay_forgotten_after_reopen() {
        appendThreeIntervals();
        List<StoredReading> before = outbox.pending(100);
        outbox.markDelivered(before.get(3).seq());

        reopen();

        assertThat(outbox.pending(100)).containsExactlyElementsOf(before.subList(4, 6));
        assertThat(outbox.deliveredUpTo()).isEqualTo(before.get(3).seq());
    }

    @Test
    void sequence_numbers_are_not_reused_after_everything_was_delivered() {
        appendThreeIntervals();
        long last = outbox.pending(100).get(5).seq();
        outbox.markDelivered(last);
        reopen();

        outbox.appendInterval(T0.plus(STEP.multipliedBy(3)), List.of(energy(T0.plus(STEP.multipliedBy(3)), 4)),
                Map.of());

        assertThat(outbox.pending(10)).singleElement().extracting(StoredReading::seq).isEqualTo(last + 1);
    }

    @Test
    void re_appending_the_same_channel_and_time_is_ignored() {
        outbox.appendInterval(T0, List.of(energy(T0, 1000), power(T0, 500)), Map.of());

        // A replay after a crash, even with another value, must not duplicate the stored reading.
        outbox.appendInterval(T0, List.of(energy(T0, 1001), power(T0, 500)), Map.of());

        assertThat(outbox.pending(100)).extracting(s -> s.reading().channel() + "=" + s.reading().mantissa())
                .containsExactly("grid.energy=1000", "grid.power=500");
        assertThat(outbox.pendingCount()).isEqualTo(2);
    }

    @Test
    void a_replayed_interval_still_stores_the_readings_that_were_missing() {
        outbox.appendInterval(T0, List.of(energy(T0, 1000)), Map.of());

        outbox.appendInterval(T0, List.of(energy(T0, 1000), power(T0, 500)), Map.of());

        assertThat(outbox.pending(100)).extracting(s -> s.reading().channel())
                .containsExactly("grid.energy", "grid.power");
    }

    @Test
    void a_rebased_pulse_constant_is_stored_with_the_interval_and_survives_a_reopen() {
        CounterState rebased = new CounterState(5400, 0, T0.plusMillis(40),
                new CounterState.Scale(new BigDecimal("2000"), 5000, new BigDecimal("5.000000")));
        outbox.appendInterval(T0, List.of(energy(T0, 5200)), Map.of("grid", rebased));

        reopen();

        assertThat(outbox.counterStates()).containsExactly(Map.entry("grid", rebased));
    }

    @Test
    void counters_stored_before_constants_were_kept_read_back_without_a_scale() throws Exception {
        outbox.close();
        java.nio.file.Files.delete(file);
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                java.sql.Statement st = db.createStatement()) {
            st.executeUpdate("CREATE TABLE counters (channel TEXT PRIMARY KEY, raw_total INTEGER NOT NULL,"
                    + " base INTEGER NOT NULL, at_ms INTEGER NOT NULL)");
            st.executeUpdate("INSERT INTO counters VALUES ('grid', 12, 5000, " + T0.toEpochMilli() + ")");
        }

        outbox = Outbox.open(file);

        assertThat(outbox.counterStates()).containsExactly(Map.entry("grid", new CounterState(12, 5000, T0)));
    }

    @Test
    void rejected_readings_leave_the_queue_for_the_rejected_table_with_their_reason() {
        outbox.appendInterval(T0, List.of(energy(T0, 1000), power(T0, 500)), Map.of());
        outbox.appendInterval(T0.plus(STEP), List.of(energy(T0.plus(STEP), 1010)), Map.of());

        outbox.reject(List.of(2L), "no LwM2M instance for reading stream 'grid.power'");
        reopen();

        assertThat(outbox.pending(10)).extracting(StoredReading::seq).containsExactly(1L, 3L);
        assertThat(outbox.rejectedCount()).isEqualTo(1);
        assertThat(outbox.rejected(10)).singleElement().satisfies(r -> {
            assertThat(r.reading().seq()).isEqualTo(2);
            assertThat(r.reading().reading()).isEqualTo(power(T0, 500));
            assertThat(r.reason()).contains("'grid.power'");
        });
    }

    @Test
    void counters_and_last_interval_end_persist_across_close_and_reopen() {
        CounterState grid = new CounterState(12, 5000, T0.plusMillis(250));
        CounterState water = new CounterState(777, 0, T0.plusMillis(300));
        outbox.appendInterval(T0, List.of(energy(T0, 5012)), Map.of("grid", grid, "water", water));
        Instant second = T0.plus(STEP);
        CounterState grid2 = new CounterState(40, 5000, second.plusMillis(120));
        outbox.appendInterval(second, List.of(energy(second, 5040)), Map.of("grid", grid2));

        reopen();

        assertThat(outbox.counterStates()).containsOnly(Map.entry("grid", grid2), Map.entry("water", water));
        assertThat(outbox.counterStates().get("grid").total()).isEqualTo(5040);
        assertThat(outbox.lastIntervalEnd()).contains(second);
    }

    @Test
    void an_interval_without_readings_still_moves_the_last_interval_end() {
        outbox.appendInterval(T0, List.of(), Map.of());

        assertThat(outbox.lastIntervalEnd()).contains(T0);
        assertThat(outbox.pendingCount()).isZero();
    }

    @Test
    void oldest_pending_and_pending_count_follow_delivery() {
        appendThreeIntervals();
        assertThat(outbox.oldestPending()).contains(T0);
        assertThat(outbox.pendingCount()).isEqualTo(6);

        outbox.markDelivered(outbox.pending(2).get(1).seq());
        assertThat(outbox.oldestPending()).contains(T0.plus(STEP));
        assertThat(outbox.pendingCount()).isEqualTo(4);

        outbox.markDelivered(outbox.pending(100).get(3).seq());
        assertThat(outbox.oldestPending()).isEmpty();
        assertThat(outbox.pendingCount()).isZero();
    }

    @Test
    void oldest_pending_is_the_earliest_time_even_when_a_back_filled_reading_was_stored_later() {
        outbox.appendInterval(T0.plus(STEP), List.of(energy(T0.plus(STEP), 2)), Map.of());
        outbox.appendInterval(T0, List.of(energy(T0, 1)), Map.of());

        assertThat(outbox.oldestPending()).contains(T0);
    }

    @Test
    void a_reading_without_a_unit_cannot_even_be_built() {
        assertThatThrownBy(() -> new Reading("grid.energy", T0, 1, 0, null, Quality.GOOD))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("unit");
    }

    @Test
    void an_interval_that_fails_in_the_database_leaves_nothing_of_itself() throws Exception {
        outbox.appendInterval(T0, List.of(energy(T0, 1000)), Map.of("grid", new CounterState(1000, 0, T0)));
        // The last statement of the transaction fails, after the readings and counters were written.
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement st = other.createStatement()) {
            st.execute("CREATE TRIGGER fail_meta BEFORE INSERT ON meta BEGIN SELECT RAISE(ABORT, 'disk full'); END");
        }
        Instant second = T0.plus(STEP);

        assertThatThrownBy(() -> outbox.appendInterval(second, List.of(energy(second, 1250), power(second, 1000)),
                Map.of("grid", new CounterState(1250, 0, second))))
                .isInstanceOf(OutboxException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining(second.toString())
                .hasMessageContaining("disk full");

        assertInterval1Only();
        reopen();
        assertInterval1Only();
    }

    @Test
    void an_interval_that_fails_in_the_middle_outside_sql_leaves_nothing_of_itself() {
        outbox.appendInterval(T0, List.of(energy(T0, 1000)), Map.of("grid", new CounterState(1000, 0, T0)));
        Instant second = T0.plus(STEP);
        // A broken counter state fails after the readings were inserted but before the commit.
        CounterState broken = new CounterState(1250, 0, null);

        assertThatThrownBy(() -> outbox.appendInterval(second, List.of(energy(second, 1250), power(second, 1000)),
                Map.of("grid", broken)))
                .isInstanceOf(OutboxException.class).hasMessageContaining(second.toString());

        assertInterval1Only();
        reopen();
        assertInterval1Only();
    }

    @Test
    void works_again_after_a_failed_interval() {
        Instant second = T0.plus(STEP);
        assertThatThrownBy(() -> outbox.appendInterval(second, List.of(energy(second, 1)),
                Map.of("grid", new CounterState(1, 0, null)))).isInstanceOf(OutboxException.class);

        outbox.appendInterval(second, List.of(energy(second, 2)), Map.of("grid", new CounterState(2, 0, second)));

        assertThat(outbox.pending(10)).extracting(s -> s.reading().mantissa()).containsExactly(2L);
        assertThat(outbox.lastIntervalEnd()).contains(second);
    }

    @Test
    void error_messages_name_the_file_and_the_operation() {
        outbox.close();

        assertThatThrownBy(() -> outbox.pending(1)).isInstanceOf(OutboxException.class)
                .hasMessageStartingWith("outbox " + file).hasMessageContaining("pending");
        outbox = Outbox.open(file);
    }

    private void assertInterval1Only() {
        assertThat(outbox.pending(100)).extracting(s -> s.reading().channel() + "@" + s.reading().at())
                .containsExactly("grid.energy@" + T0);
        assertThat(outbox.counterStates()).containsExactly(Map.entry("grid", new CounterState(1000, 0, T0)));
        assertThat(outbox.lastIntervalEnd()).contains(T0);
    }

    private void appendThreeIntervals() {
        for (int i = 0; i < 3; i++) {
            Instant end = T0.plus(STEP.multipliedBy(i));
            outbox.appendInterval(end, List.of(energy(end, 1000 + i), power(end, 400 + i)),
                    Map.of("grid", new CounterState(1000 + i, 0, end)));
        }
    }

    private void reopen() {
        outbox.close();
        outbox = Outbox.open(file);
    }

    private static Reading energy(Instant at, long wattHours) {
        return new Reading("grid.energy", at, wattHours, -3, "kWh", Quality.GOOD);
    }

    private static Reading power(Instant at, long watts) {
        return new Reading("grid.power", at, watts, 0, "W", Quality.GOOD);
    }
}
