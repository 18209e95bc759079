package org.meternode.app.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.channel.PulseChannel;
import org.meternode.app.events.SecurityEvents;
import org.meternode.app.outbox.Outbox;
import org.meternode.app.outbox.StoredReading;
import org.meternode.app.reading.Reading;
import org.meternode.app.reading.Reading.Quality;
import org.meternode.board.sim.SimBoard;
import org.meternode.board.sim.SimBoardProvider;
import org.meternode.board.sim.WallTime;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.PulseInput;

/**
 * Clock steps on the sim board's virtual clock (its wall time advances only while something
 * sleeps, so every run is exact): which interval ends are stored, with which quality, and that the
 * energy total never goes backwards. Steps are made right after an interval is stored.
 */
class ClockJumpTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final String PIN = "GPIO17";

    @TempDir
    Path dir;

    private final SteppingWall wall = new SteppingWall(Instant.parse("2026-11-30T08:00:00Z"));
    private final Map<Instant, Runnable> afterStoring = new HashMap<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private SimBoard board;
    private Outbox outbox;
    private Sampler sampler;
    private Instant lastEnd;

    @AfterEach
    void close() {
        if (outbox != null) {
            outbox.close();
        }
        if (board != null) {
            board.close();
        }
    }

    @Test
    void a_step_forward_of_one_hour_back_fills_the_skipped_ends_as_interpolated() throws Exception {
        open(Instant.parse("2026-12-02T10:00:30Z"), MINUTE);
        afterStoring.put(at("10:02"), () -> board.stepClock(Duration.ofHours(1)));

        run(at("11:05"));

        List<Instant> ends = new ArrayList<>();
        List<Quality> qualities = new ArrayList<>();
        ends.add(at("10:01"));
        ends.add(at("10:02"));
        qualities.add(Quality.GOOD);
        qualities.add(Quality.GOOD);
        for (Instant t = at("10:03"); t.isBefore(at("11:02")); t = t.plus(MINUTE)) {
            ends.add(t);
            qualities.add(Quality.INTERPOLATED);
        }
        for (Instant t = at("11:02"); !t.isAfter(at("11:05")); t = t.plus(MINUTE)) {
            ends.add(t);
            qualities.add(Quality.GOOD);
        }
        assertThat(energy().keySet()).containsExactlyElementsOf(ends);
        assertThat(energy().values()).extracting(Reading::quality).containsExactlyElementsOf(qualities);
        // 11:02 on the stepped clock is 10:02 on the meter's: it holds the pulses counted by then.
        assertThat(energy().get(at("11:02")).value()).isEqualByComparingTo(kwhAt(at("10:02")));
        assertTotalsNeverGoBackwards();
        assertThat(events).singleElement().asString().isEqualTo(SecurityEvents.CLOCK_STEPPED + ": clock stepped"
                + " forward by at least PT1H (now 2026-12-02T11:02:00Z): the interval ends skipped are back-filled"
                + " as interpolated");
        assertThat(sampler.clockState()).isEqualTo("synced (last step: forward PT1H at 2026-12-02T11:02:00Z)");
    }

    @Test
    void a_step_back_of_one_hour_stores_no_end_twice_and_waits_for_the_last_one() throws Exception {
        open(Instant.parse("2026-12-02T10:00:30Z"), MINUTE);
        List<String> stateWhileWaiting = new ArrayList<>();
        afterStoring.put(at("10:02"), () -> board.stepClock(Duration.ofHours(-1)));
        wall.at(wallOf(at("10:30")), () -> stateWhileWaiting.add(sampler.clockState())); // 09:30 on the node

        run(at("10:05"));

        assertThat(energy().values()).extracting(Reading::at, Reading::quality).containsExactly(
                tuple(at("10:01"), Quality.GOOD), tuple(at("10:02"), Quality.GOOD),
                tuple(at("10:03"), Quality.GOOD), tuple(at("10:04"), Quality.GOOD),
                tuple(at("10:05"), Quality.GOOD));
        assertThat(outbox.pending(1000)).extracting(s -> s.reading().channel() + "@" + s.reading().at())
                .doesNotHaveDuplicates();
        // 10:03 on the clock set back is 11:03 on the meter's.
        assertThat(energy().get(at("10:03")).value()).isEqualByComparingTo(kwhAt(at("11:03")));
        // Its mean power is over the 61 minutes that passed between the reads, not the clock's one minute.
        double watts = kwhAt(at("11:03")).subtract(kwhAt(at("10:02"))).doubleValue() * 1000 * 60 / 61;
        assertThat(power().get(at("10:03"))).satisfies(p -> {
            assertThat(p.value().doubleValue()).isCloseTo(watts, org.assertj.core.data.Percentage.withPercentage(1));
            assertThat(p.quality()).isEqualTo(Quality.GOOD);
        });
        assertTotalsNeverGoBackwards();
        assertThat(events).singleElement().asString().isEqualTo(SecurityEvents.CLOCK_STEPPED
                + ": clock stepped back by at least PT1H (now 2026-12-02T09:02:00Z): no interval end up to"
                + " 2026-12-02T10:02:00Z is sampled again; waiting until the clock passes it");
        assertThat(stateWhileWaiting).containsExactly("stepped (last step: back PT1H at 2026-12-02T09:02:00Z)");
        assertThat(sampler.clockState()).isEqualTo("synced (last step: back PT1H at 2026-12-02T09:02:00Z)");
    }

    @Test
    void a_step_back_while_asleep_is_noticed_at_once_and_stores_no_end_twice() throws Exception {
        open(Instant.parse("2026-12-02T10:00:30Z"), MINUTE);
        wall.at(wallOf(at("10:02:30")), () -> board.stepClock(Duration.ofHours(-1))); // asleep until 10:03

        run(at("10:05"));

        assertThat(energy().keySet()).containsExactly(at("10:01"), at("10:02"), at("10:03"), at("10:04"), at("10:05"));
        assertThat(energy().values()).extracting(Reading::quality).containsOnly(Quality.GOOD);
        assertTotalsNeverGoBackwards();
        assertThat(events).singleElement().asString().startsWith(SecurityEvents.CLOCK_STEPPED
                + ": clock stepped back by at least PT59M");
    }

    @Test
    void a_node_booting_in_1970_stores_nothing_until_synchronised_and_then_counts_every_pulse() throws Exception {
        Instant boot = Instant.parse("2026-12-02T10:00:30Z");
        open(boot, MINUTE);
        board.setClockSynchronised(false);
        board.stepClock(Duration.between(boot, Instant.EPOCH)); // no RTC: the clock starts at 1970
        wall.at(wallOf(at("10:05:25")), () -> {
            board.stepClock(board.clockOffset().negated()); // NTP steps it to the right time
            board.setClockSynchronised(true);
        });

        run(at("10:08"));

        assertThat(energy().values()).extracting(Reading::at, Reading::quality).containsExactly(
                tuple(at("10:06"), Quality.GOOD), tuple(at("10:07"), Quality.GOOD), tuple(at("10:08"), Quality.GOOD));
        // The first interval after sync holds every pulse since boot: none was lost while unsynchronised.
        assertThat(energy().get(at("10:06")).value()).isEqualByComparingTo(kwhAt(at("10:06")));
        assertThat(outbox.pending(1000)).allSatisfy(s -> assertThat(s.reading().at()).isAfter(boot));
        assertTotalsNeverGoBackwards();
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).startsWith(SecurityEvents.CLOCK_UNSYNCHRONISED
                + ": clock not synchronised at 1970-01-01T00:00:00Z");
        assertThat(events.get(1)).startsWith(SecurityEvents.CLOCK_SYNCHRONISED
                + ": clock synchronised at 2026-12-02T10:05:30Z");
        assertThat(sampler.clockState()).isEqualTo("synced");
    }

    @Test
    void hourly_ends_run_through_the_leap_day() throws Exception {
        open(Instant.parse("2028-02-28T22:30:00Z"), Duration.ofHours(1));

        run(Instant.parse("2028-03-01T01:00:00Z"));

        List<Instant> ends = new ArrayList<>();
        for (Instant t = Instant.parse("2028-02-28T23:00:00Z"); !t.isAfter(Instant.parse("2028-03-01T01:00:00Z"));
                t = t.plus(Duration.ofHours(1))) {
            ends.add(t);
        }
        assertThat(ends).hasSize(27).contains(Instant.parse("2028-02-29T12:00:00Z"));
        assertThat(energy().keySet()).containsExactlyElementsOf(ends);
        assertThat(energy().values()).extracting(Reading::quality).containsOnly(Quality.GOOD);
        assertTotalsNeverGoBackwards();
        assertThat(events).isEmpty();
    }

    @Test
    void a_step_forward_over_the_leap_day_back_fills_29_february() throws Exception {
        Duration hour = Duration.ofHours(1);
        open(Instant.parse("2028-02-28T21:30:00Z"), hour);
        afterStoring.put(Instant.parse("2028-02-28T23:00:00Z"), () -> board.stepClock(Duration.ofDays(1)));

        run(Instant.parse("2028-03-01T01:00:00Z"));

        TreeMap<Instant, Reading> energy = energy();
        assertThat(energy.keySet()).hasSize(28).first().isEqualTo(Instant.parse("2028-02-28T22:00:00Z"));
        assertThat(energy.keySet()).last().isEqualTo(Instant.parse("2028-03-01T01:00:00Z"));
        assertThat(energy.subMap(Instant.parse("2028-02-29T00:00:00Z"), Instant.parse("2028-02-29T23:00:00Z"))
                .values()).hasSize(23).extracting(Reading::quality).containsOnly(Quality.INTERPOLATED);
        assertThat(energy.tailMap(Instant.parse("2028-02-29T23:00:00Z")).values()).extracting(Reading::at,
                Reading::quality).containsExactly(
                        tuple(Instant.parse("2028-02-29T23:00:00Z"), Quality.GOOD),
                        tuple(Instant.parse("2028-03-01T00:00:00Z"), Quality.GOOD),
                        tuple(Instant.parse("2028-03-01T01:00:00Z"), Quality.GOOD));
        assertTotalsNeverGoBackwards();
    }

    private void open(Instant start, Duration interval) throws Exception {
        board = (SimBoard) new SimBoardProvider(wall).open(BoardOptions.of(Map.of("start", start.toString(),
                "meters", Map.of(PIN, Map.of("type", "s0-electricity"))), dir.resolve("board")));
        wall.origin(start);
        outbox = Outbox.open(dir.resolve("outbox.db"), board.sleeper().clock());
        PulseChannel grid = PulseChannel.electricity("grid",
                board.pulseCounter(new PulseInput("grid", PIN, Duration.ofMillis(10))), new BigDecimal("1000"),
                board.sleeper()::elapsedNanos);
        sampler = new Sampler(List.of(grid), outbox, board.sleeper(), IntervalSchedule.aligned(interval),
                (end, readings) -> {
                    Runnable action = afterStoring.remove(end);
                    if (action != null) {
                        action.run();
                    }
                    if (!end.isBefore(lastEnd)) {
                        sampler.stop();
                    }
                });
        sampler.clockSync(board.clockSync(), (kind, detail) -> events.add(kind + ": " + detail));
    }

    private void run(Instant until) {
        lastEnd = until;
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> sampler.run());
    }

    /** grid.energy by interval end. */
    private TreeMap<Instant, Reading> energy() {
        TreeMap<Instant, Reading> byEnd = new TreeMap<>();
        for (StoredReading s : outbox.pending(100_000)) {
            if (s.reading().channel().equals("grid.energy")) {
                assertThat(byEnd.put(s.reading().at(), s.reading())).as("two readings at " + s.reading().at()).isNull();
            }
        }
        return byEnd;
    }

    /** grid.power by interval end. */
    private TreeMap<Instant, Reading> power() {
        TreeMap<Instant, Reading> byEnd = new TreeMap<>();
        outbox.pending(100_000).stream().map(StoredReading::reading).filter(r -> r.channel().equals("grid.power"))
                .forEach(r -> byEnd.put(r.at(), r));
        return byEnd;
    }

    private void assertTotalsNeverGoBackwards() {
        List<BigDecimal> totals = energy().values().stream().map(Reading::value).toList();
        for (int i = 1; i < totals.size(); i++) {
            assertThat(totals.get(i)).as("total %d", i).isGreaterThanOrEqualTo(totals.get(i - 1));
        }
        List<BigDecimal> inStoreOrder = outbox.pending(100_000).stream()
                .filter(s -> s.reading().channel().equals("grid.energy")).map(s -> s.reading().value()).toList();
        assertThat(inStoreOrder).isSortedAccordingTo(BigDecimal::compareTo);
    }

    /** The meter's kWh at a moment of its own timeline. */
    private BigDecimal kwhAt(Instant truth) {
        return BigDecimal.valueOf(board.pulsesAt(PIN, truth)).movePointLeft(3);
    }

    private static Instant at(String time) {
        return Instant.parse("2026-12-02T" + (time.length() == 5 ? time + ":00" : time) + "Z");
    }

    /** The wall instant at which the timeline (speed 1) reaches {@code truth}. */
    private Instant wallOf(Instant truth) {
        return wall.wallAt(truth);
    }

    /** Wall time that moves only while the sim sleeps, by exactly the time asked; runs actions on the way. */
    private static final class SteppingWall implements WallTime {
        private final Instant wallStart;
        private Instant now;
        private Instant virtualStart;
        private final TreeMap<Instant, Runnable> actions = new TreeMap<>();

        SteppingWall(Instant start) {
            this.wallStart = start;
            this.now = start;
        }

        void origin(Instant virtual) {
            virtualStart = virtual;
        }

        Instant wallAt(Instant virtual) {
            return wallStart.plus(Duration.between(virtualStart, virtual));
        }

        synchronized void at(Instant wallTime, Runnable action) {
            actions.put(wallTime, action);
        }

        @Override
        public synchronized Instant instant() {
            return now;
        }

        @Override
        public void sleep(Duration wall) {
            List<Runnable> due = new ArrayList<>();
            synchronized (this) {
                now = now.plus(wall);
                while (!actions.isEmpty() && !actions.firstKey().isAfter(now)) {
                    due.add(actions.pollFirstEntry().getValue());
                }
            }
            due.forEach(Runnable::run);
        }
    }
}
