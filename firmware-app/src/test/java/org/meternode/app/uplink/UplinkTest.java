package org.meternode.app.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.outbox.Outbox;
import org.meternode.app.outbox.StoredReading;
import org.meternode.app.reading.Reading;

/**
 * The uplink on its own thread against a real outbox and a scripted transport: what it sends, in
 * which order, and what it forgets only after an acknowledgement. Waits are latches and queues with
 * timeouts; nothing here depends on how long a step takes.
 */
class UplinkTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration FAST_RETRY = Duration.ofMillis(1);
    private static final long WAIT_S = 10;

    @TempDir
    Path dir;

    private Outbox outbox;
    private final ScriptedTransport transport = new ScriptedTransport();
    private Thread thread;

    @BeforeEach
    void open() {
        outbox = Outbox.open(dir.resolve("outbox.db"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_S));
            assertThat(thread.isAlive()).as("uplink thread stops on interrupt").isFalse();
        }
        outbox.close();
    }

    @Test
    void drains_the_backlog_oldest_first_in_batches_of_batch_size() throws Exception {
        storeIntervals(7); // seq 1..7, one reading per interval
        Uplink uplink = start(3, Duration.ofSeconds(1));

        List<Long> first = transport.nextBatch();
        List<Long> second = transport.nextBatch();
        List<Long> third = transport.nextBatch();
        stopUplink();

        assertThat(List.of(first, second, third)).containsExactly(List.of(1L, 2L, 3L), List.of(4L, 5L, 6L),
                List.of(7L));
        assertThat(transport.pendingAtSend).containsExactly(7L, 4L, 1L);
        assertThat(outbox.pendingCount()).isZero();
        assertThat(outbox.deliveredUpTo()).isEqualTo(7);
        assertThat(uplink.deliveredCount()).isEqualTo(7);
    }

    @Test
    void batches_hold_readings_oldest_first_by_time() throws Exception {
        storeIntervals(3);
        start(10, FAST_RETRY);

        List<StoredReading> batch = transport.nextFullBatch();

        assertThat(batch).extracting(s -> s.reading().at()).containsExactly(T0, T0.plusSeconds(900),
                T0.plusSeconds(1800));
    }

    @Test
    void a_failed_send_keeps_everything_pending_and_is_retried() throws Exception {
        storeIntervals(4);
        transport.script(ReadingTransport.Outcome.failed("server answered 5.03"),
                ReadingTransport.Outcome.failed("no answer within 10 s"));
        Uplink uplink = start(10, FAST_RETRY);

        List<Long> failed1 = transport.nextBatch();
        List<Long> failed2 = transport.nextBatch();
        List<Long> retried = transport.nextBatch();
        stopUplink();

        assertThat(failed1).containsExactly(1L, 2L, 3L, 4L);
        assertThat(failed2).isEqualTo(failed1);
        assertThat(retried).isEqualTo(failed1);
        assertThat(transport.pendingAtSend).as("nothing forgotten after a failure").containsExactly(4L, 4L, 4L);
        assertThat(outbox.pendingCount()).isZero();
        assertThat(uplink.deliveredCount()).isEqualTo(4);
    }

    @Test
    void a_flush_at_stop_sends_what_the_reporting_interval_holds_back_and_returns_when_the_outbox_is_empty()
            throws Exception {
        storeIntervals(2);
        Uplink uplink = start(10, FAST_RETRY);
        uplink.setReportingInterval(Duration.ofHours(1));
        assertThat(transport.nextBatch()).containsExactly(1L, 2L); // the first send is not held
        for (int i = 2; i < 5; i++) { // held back: the next send is due in an hour
            storeInterval(T0.plusSeconds(900L * i), 1000 + i);
        }
        awaitIdle();
        assertThat(outbox.pendingCount()).isEqualTo(3);

        long t0 = System.nanoTime();
        assertThat(uplink.flush(Duration.ofSeconds(WAIT_S))).as("nothing left").isTrue();

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(WAIT_S));
        assertThat(outbox.pendingCount()).isZero();
        // The outbox's own record: the uplink's in-memory count is raised just after it.
        assertThat(outbox.deliveredUpTo()).isEqualTo(5);
    }

    @Test
    void a_flush_whose_send_fails_gives_up_at_once_and_keeps_the_readings() throws Exception {
        storeIntervals(3);
        transport.ready = false; // not registered: nothing is sent
        Uplink uplink = start(10, Duration.ofHours(1));
        awaitIdle();
        transport.script(ReadingTransport.Outcome.failed("no answer within 10 s"));
        transport.ready = true;

        long t0 = System.nanoTime();
        assertThat(uplink.flush(Duration.ofMinutes(5))).as("readings left").isFalse();

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("no waiting out the budget")
                .isLessThan(Duration.ofSeconds(WAIT_S));
        assertThat(outbox.pendingCount()).isEqualTo(3);
    }

    @Test
    void delivered_count_counts_only_acknowledged_readings() throws Exception {
        storeIntervals(5);
        transport.script(ReadingTransport.Outcome.ok(), ReadingTransport.Outcome.failed("timeout"));
        Uplink uplink = start(2, Duration.ofHours(1));

        transport.nextBatch(); // 1,2 delivered
        transport.nextBatch(); // 3,4 failed; the uplink backs off for an hour
        stopUplink();

        assertThat(uplink.deliveredCount()).isEqualTo(2);
        assertThat(outbox.pending(10)).extracting(StoredReading::seq).containsExactly(3L, 4L, 5L);
    }

    @Test
    void nothing_is_sent_while_the_transport_is_not_ready() throws Exception {
        storeIntervals(2);
        transport.ready = false;
        CountDownLatch asked = transport.readinessAsked(3);
        Uplink uplink = start(10, FAST_RETRY);

        assertThat(asked.await(WAIT_S, TimeUnit.SECONDS)).as("uplink asked the transport").isTrue();
        assertThat(transport.sent).isEmpty();
        transport.ready = true;
        uplink.transportReady();

        assertThat(transport.nextBatch()).containsExactly(1L, 2L);
    }

    @Test
    void new_readings_are_sent_when_the_sampler_wakes_the_idle_uplink() throws Exception {
        storeIntervals(1);
        Uplink uplink = start(10, FAST_RETRY);
        assertThat(transport.nextBatch()).containsExactly(1L);
        awaitIdle(); // nothing left: the uplink waits up to 10 minutes for a wake-up

        storeInterval(T0.plusSeconds(3600), 2);
        uplink.wake();

        assertThat(transport.nextBatch()).containsExactly(2L);
    }

    @Test
    void a_registration_ends_the_back_off_at_once() throws Exception {
        storeIntervals(2);
        transport.script(ReadingTransport.Outcome.failed("not registered: no answer"));
        Uplink uplink = start(10, Duration.ofHours(1));
        assertThat(transport.nextBatch()).containsExactly(1L, 2L);
        awaitIdle(); // backing off for an hour

        uplink.transportReady();

        assertThat(transport.nextBatch()).containsExactly(1L, 2L);
        stopUplink();
        assertThat(outbox.pendingCount()).isZero();
    }

    @Test
    void a_transport_that_throws_does_not_stop_the_uplink() throws Exception {
        storeIntervals(2);
        transport.throwOnce = new IllegalArgumentException("no LwM2M instance for reading stream 'old.energy'");
        Uplink uplink = start(10, FAST_RETRY);

        assertThat(transport.nextBatch()).as("the batch that threw").containsExactly(1L, 2L);
        assertThat(transport.nextBatch()).as("retried after the failure").containsExactly(1L, 2L);
        stopUplink();

        assertThat(outbox.pendingCount()).isZero();
        assertThat(uplink.deliveredCount()).isEqualTo(2);
    }

    @Test
    void readings_the_transport_rejects_are_set_aside_and_the_rest_is_sent() throws Exception {
        storeIntervals(4);
        transport.script(ReadingTransport.Outcome.rejected("no LwM2M instance for reading stream 'old.energy'",
                List.of(2L, 3L)));
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        Uplink uplink = new Uplink(outbox, transport, 10, Duration.ofSeconds(10), FAST_RETRY, FAST_RETRY,
                (kind, detail) -> events.add(kind + ": " + detail));
        thread = Thread.ofPlatform().name("test-uplink").daemon().start(uplink);

        assertThat(transport.nextBatch()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(transport.nextBatch()).as("the rest, at once").containsExactly(1L, 4L);
        stopUplink();

        assertThat(outbox.pendingCount()).isZero();
        assertThat(events).as("a diagnostic event").containsExactly("readings-rejected: 2 reading(s) (seq [2, 3])"
                + " set aside in the outbox's rejected table: no LwM2M instance for reading stream 'old.energy'");
        assertThat(outbox.rejectedCount()).isEqualTo(2);
        assertThat(uplink.rejectedCount()).isEqualTo(2);
        assertThat(uplink.deliveredCount()).isEqualTo(2);
    }

    @Test
    void a_server_that_always_refuses_one_reading_gets_it_isolated_and_the_others_drain() throws Exception {
        storeIntervals(8);
        transport.refuseSeq = 6L; // e.g. 4.13 or 4.00 "bad value" for that reading, every time
        Uplink uplink = start(4, FAST_RETRY);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(WAIT_S))
                .until(() -> outbox.pendingCount() == 0);
        stopUplink();

        assertThat(outbox.rejected(10)).extracting(r -> r.reading().seq()).containsExactly(6L);
        assertThat(outbox.rejected(10).get(0).reason()).contains("4.00");
        assertThat(uplink.deliveredCount()).isEqualTo(7);
    }

    @Test
    void one_refusal_of_a_good_reading_while_isolating_does_not_reject_it() throws Exception {
        storeIntervals(8);
        transport.refuseSeq = 6L;
        transport.refuseOnceAlone = 5L; // e.g. a stale registration just when 5 is sent alone
        Uplink uplink = start(4, FAST_RETRY);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(WAIT_S))
                .until(() -> outbox.pendingCount() == 0);
        stopUplink();

        assertThat(outbox.rejected(10)).extracting(r -> r.reading().seq()).containsExactly(6L);
        assertThat(uplink.deliveredCount()).isEqualTo(7);
    }

    @Test
    void server_errors_and_timeouts_are_retried_and_reject_nothing() throws Exception {
        storeIntervals(2);
        transport.script(ReadingTransport.Outcome.failed("server answered 5.03"),
                ReadingTransport.Outcome.failed("server answered 5.00"), ReadingTransport.Outcome.failed("no answer"),
                ReadingTransport.Outcome.failed("server answered 5.03"));
        Uplink uplink = start(10, FAST_RETRY);

        for (int i = 0; i < 5; i++) {
            assertThat(transport.nextBatch()).containsExactly(1L, 2L);
        }
        stopUplink();

        assertThat(outbox.rejectedCount()).isZero();
        assertThat(uplink.deliveredCount()).isEqualTo(2);
    }

    @Test
    void an_outbox_failure_does_not_end_the_uplink_it_restarts_and_drains() throws Exception {
        storeIntervals(2);
        // A real failure under the uplink: another connection takes the readings table away.
        sql("ALTER TABLE readings RENAME TO readings_away");
        Uplink uplink = start(10, FAST_RETRY);
        awaitWaitingOrEnded();
        assertThat(uplink.isLive(Duration.ofHours(1))).as("failing, not yet for long").isTrue();
        assertThat(uplink.isLive(Duration.ZERO)).as("failing").isFalse();
        sql("ALTER TABLE readings_away RENAME TO readings");

        assertThat(transport.nextBatch()).as("sent once the outbox works again").containsExactly(1L, 2L);
        assertThat(thread.isAlive()).isTrue();
        assertThat(uplink.failureCount()).isPositive();
        assertThat(uplink.lastFailure()).contains("no such table: readings");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(WAIT_S))
                .until(() -> uplink.isLive(Duration.ZERO));
        stopUplink();
        assertThat(uplink.isLive(Duration.ofHours(1))).as("a stopped uplink is not live").isFalse();
    }

    private void sql(String statement) throws java.sql.SQLException {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("outbox.db"));
                java.sql.Statement st = db.createStatement()) {
            st.executeUpdate(statement);
        }
    }

    /** Until the uplink thread waits with a timeout (backing off after a failure) or has ended. */
    private void awaitWaitingOrEnded() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (thread.getState() != Thread.State.TIMED_WAITING && thread.getState() != Thread.State.TERMINATED) {
            assertThat(System.nanoTime()).as("uplink failed").isLessThan(deadline);
            LockSupport.parkNanos(100_000);
        }
    }

    @Test
    void after_an_interval_end_the_send_waits_this_nodes_spread_offset_on_the_node_clock() throws Exception {
        RecordingSleeper sleeper = new RecordingSleeper(T0);
        SendSpread spread = new SendSpread("meter-0042", Duration.ofSeconds(90));
        assertThat(spread.offset()).isPositive();
        transport.clock = sleeper.clock();
        storeInterval(T0, 1000);
        Uplink uplink = start(sleeper, spread, new SplittableRandom(1));

        uplink.intervalStored(T0);

        assertThat(transport.nextBatch()).containsExactly(1L);
        assertThat(sleeper.deadlines()).as("one wait, until the interval end plus the offset")
                .containsExactly(T0.plus(spread.offset()));
        assertThat(transport.sendTimes).containsExactly(T0.plus(spread.offset()));
    }

    @Test
    void a_stale_or_stepped_back_interval_end_does_not_hold_the_send() throws Exception {
        RecordingSleeper sleeper = new RecordingSleeper(T0.plusSeconds(3600));
        storeInterval(T0, 1000);
        Uplink uplink = start(sleeper, new SendSpread("meter-0042", Duration.ofSeconds(90)), new SplittableRandom(1));

        uplink.intervalStored(T0); // long past: the offset is over
        assertThat(transport.nextBatch()).containsExactly(1L);
        storeInterval(T0.plusSeconds(900), 1001);
        uplink.intervalStored(T0.plus(Duration.ofDays(1))); // ahead by more than the window: the clock went back

        assertThat(transport.nextBatch()).containsExactly(2L);
        assertThat(sleeper.deadlines()).isEmpty();
    }

    @Test
    void a_flush_sends_at_once_without_waiting_for_the_spread() throws Exception {
        RecordingSleeper sleeper = new RecordingSleeper(T0);
        sleeper.holdRealTime = true; // a spread wait lasts until something wakes it
        SendSpread spread = new SendSpread("meter-0042", Duration.ofSeconds(90));
        storeInterval(T0, 1000);
        Uplink uplink = start(sleeper, spread, new SplittableRandom(1));
        uplink.intervalStored(T0);
        sleeper.awaitWaiting();

        assertThat(uplink.flush(Duration.ofSeconds(WAIT_S))).as("nothing left").isTrue();

        assertThat(sleeper.clock().instant()).as("the node clock did not reach the offset").isEqualTo(T0);
        assertThat(outbox.pendingCount()).isZero();
    }

    @Test
    void failed_sends_pause_for_full_jitter_times_from_the_injected_generator_and_reset_after_success()
            throws Exception {
        Duration base = Duration.ofSeconds(1);
        Duration cap = Duration.ofSeconds(4);
        RecordingSleeper sleeper = new RecordingSleeper(T0);
        storeIntervals(1);
        transport.script(ReadingTransport.Outcome.failed("no answer"), ReadingTransport.Outcome.failed("5.03"),
                ReadingTransport.Outcome.failed("no answer"), ReadingTransport.Outcome.failed("5.00"),
                ReadingTransport.Outcome.ok(), ReadingTransport.Outcome.failed("no answer"));
        Uplink uplink = new Uplink(outbox, transport, 10, Duration.ofSeconds(10), base, cap,
                org.meternode.app.events.SecurityEvents.NONE, sleeper, new SendSpread("meter-0042", Duration.ZERO),
                new SplittableRandom(5));
        thread = Thread.ofPlatform().name("test-uplink").daemon().start(uplink);
        for (int i = 0; i < 5; i++) {
            assertThat(transport.nextBatch()).containsExactly(1L);
        }
        storeInterval(T0.plusSeconds(900), 2000);
        uplink.wake();
        assertThat(transport.nextBatch()).containsExactly(2L); // fails once more
        assertThat(transport.nextBatch()).containsExactly(2L);
        stopUplink();

        JitteredBackoff same = new JitteredBackoff(base, cap, new SplittableRandom(5));
        List<Duration> expected = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            expected.add(same.next());
        }
        same.reset(); // the fifth send was acknowledged
        expected.add(same.next());
        assertThat(sleeper.waits()).as("the pauses, in order").containsExactlyElementsOf(expected);
        assertThat(sleeper.waits().subList(0, 4)).as("below 1 s, 2 s, 4 s, 4 s").satisfies(w -> {
            assertThat(w.get(0)).isLessThan(base);
            assertThat(w.get(1)).isLessThan(base.multipliedBy(2));
            assertThat(w.get(2)).isLessThan(cap);
            assertThat(w.get(3)).isLessThan(cap);
        });
        assertThat(sleeper.waits().get(4)).as("after a success: below base again").isLessThan(base);
        assertThat(new java.util.HashSet<>(sleeper.waits())).as("not one fixed pause").hasSizeGreaterThan(3);
    }

    @Test
    void stops_promptly_on_interrupt_while_idle() throws Exception {
        start(10, FAST_RETRY);
        awaitIdle();

        stopUplink();

        assertThat(transport.sent).isEmpty();
    }

    private Uplink start(org.meternode.hal.Sleeper sleeper, SendSpread spread, SplittableRandom random) {
        Uplink uplink = new Uplink(outbox, transport, 10, Duration.ofSeconds(10), FAST_RETRY, FAST_RETRY.multipliedBy(4),
                org.meternode.app.events.SecurityEvents.NONE, sleeper, spread, random);
        thread = Thread.ofPlatform().name("test-uplink").daemon().start(uplink);
        return uplink;
    }

    /**
     * The node's clock as a virtual one that moves only when the uplink sleeps on it (to the
     * deadline, at once), recording each deadline and wait; or, with {@code holdRealTime}, a wait
     * that ends only when woken.
     */
    private static final class RecordingSleeper implements org.meternode.hal.Sleeper {
        private final org.meternode.hal.bus.fake.VirtualSleeper virtual;
        private final List<Instant> deadlines = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final List<Duration> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final CountDownLatch waiting = new CountDownLatch(1);
        volatile boolean holdRealTime;

        RecordingSleeper(Instant start) {
            virtual = new org.meternode.hal.bus.fake.VirtualSleeper(start);
        }

        @Override
        public java.time.Clock clock() {
            return virtual.clock();
        }

        @Override
        public void sleepUntil(Instant deadline) {
            throw new AssertionError("the uplink waits with a wake signal");
        }

        @Override
        public boolean sleepUntil(Instant deadline, org.meternode.hal.WakeSignal wake) throws InterruptedException {
            if (wake.take()) {
                return false;
            }
            if (holdRealTime) {
                waiting.countDown();
                wake.await(Duration.ofSeconds(WAIT_S * 2));
                return false;
            }
            deadlines.add(deadline);
            waits.add(Duration.between(virtual.now(), deadline));
            virtual.sleepUntil(deadline);
            return true;
        }

        List<Instant> deadlines() {
            return List.copyOf(deadlines);
        }

        List<Duration> waits() {
            return List.copyOf(waits);
        }

        void awaitWaiting() throws InterruptedException {
            assertThat(waiting.await(WAIT_S, TimeUnit.SECONDS)).as("the uplink waits for its offset").isTrue();
        }
    }

    private Uplink start(int batchSize, Duration retryMin) {
        Uplink uplink = new Uplink(outbox, transport, batchSize, Duration.ofSeconds(10), retryMin,
                retryMin.multipliedBy(4));
        thread = Thread.ofPlatform().name("test-uplink").daemon().start(uplink);
        return uplink;
    }

    private void stopUplink() throws InterruptedException {
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(WAIT_S));
        assertThat(thread.isAlive()).as("uplink thread stops on interrupt").isFalse();
        thread = null;
    }

    /** Until the uplink thread waits with a timeout: idle (nothing to send) or backing off. */
    private void awaitIdle() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (thread.getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as("uplink became idle").isLessThan(deadline);
            LockSupport.parkNanos(100_000);
        }
    }

    private void storeIntervals(int count) {
        for (int i = 0; i < count; i++) {
            storeInterval(T0.plusSeconds(900L * i), 1000 + i);
        }
    }

    private void storeInterval(Instant end, long wattHours) {
        outbox.appendInterval(end, List.of(new Reading("grid.energy", end, wattHours, -3, "kWh", Reading.Quality.GOOD)),
                Map.of());
    }

    /** Answers sends from a script (then "ok"), and hands every batch to the test. */
    private final class ScriptedTransport implements ReadingTransport {
        final BlockingQueue<List<StoredReading>> sent = new LinkedBlockingQueue<>();
        final List<Long> pendingAtSend = new ArrayList<>();
        final List<Instant> sendTimes = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile java.time.Clock clock = java.time.Clock.systemUTC();
        private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        private volatile CountDownLatch readinessAsked = new CountDownLatch(0);
        volatile boolean ready = true;
        volatile RuntimeException throwOnce;
        volatile Long refuseSeq;
        volatile Long refuseOnceAlone;

        void script(Outcome... script) {
            outcomes.addAll(List.of(script));
        }

        CountDownLatch readinessAsked(int times) {
            readinessAsked = new CountDownLatch(times);
            return readinessAsked;
        }

        /** The sequence numbers of the next batch sent. */
        List<Long> nextBatch() throws InterruptedException {
            return nextFullBatch().stream().map(StoredReading::seq).toList();
        }

        List<StoredReading> nextFullBatch() throws InterruptedException {
            List<StoredReading> batch = sent.poll(WAIT_S, TimeUnit.SECONDS);
            assertThat(batch).as("a batch was sent within %d s", WAIT_S).isNotNull();
            return batch;
        }

        @Override
        public boolean isReady() {
            readinessAsked.countDown();
            return ready;
        }

        @Override
        public Outcome send(List<StoredReading> batch, Duration timeout) {
            synchronized (pendingAtSend) {
                pendingAtSend.add(outbox.pendingCount());
            }
            sendTimes.add(clock.instant());
            sent.add(List.copyOf(batch));
            RuntimeException e = throwOnce;
            if (e != null) {
                throwOnce = null;
                throw e;
            }
            Long once = refuseOnceAlone;
            if (once != null && batch.size() == 1 && batch.get(0).seq() == once) {
                refuseOnceAlone = null;
                return Outcome.refused("server answered 4.04 (no registration found)");
            }
            Long refuse = refuseSeq;
            if (refuse != null && batch.stream().anyMatch(r -> r.seq() == refuse)) {
                return Outcome.refused("server answered 4.00 (bad value)");
            }
            Outcome next = outcomes.poll();
            return next == null ? Outcome.ok() : next;
        }
    }
}
