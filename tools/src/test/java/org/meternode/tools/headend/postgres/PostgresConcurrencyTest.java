package org.meternode.tools.headend.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meternode.testkit.services.PostgresServer;
import org.meternode.tools.headend.ReceivedReading;
import org.meternode.tools.headend.StoreResult;

/** Many Californium threads storing at once, as a busy head-end does; and channel names seen across instances. */
class PostgresConcurrencyTest {
    private static final Instant T0 = Instant.parse("2026-03-31T20:00:00Z"); // Sends cross into April
    private static PostgresServer pg;

    @BeforeAll
    static void server() {
        pg = PostgresServer.launch();
    }

    @AfterAll
    static void stopServer() {
        pg.close();
    }

    @Test
    void eight_threads_storing_overlapping_sends_store_every_reading_once_and_count_the_rest() throws Exception {
        String uri = TestDatabases.fresh(pg) + "&pool=4";
        int threads = 8;
        int sendsPerThread = 40;
        int readingsPerSend = 10;
        // Thread t sends windows starting at t*5, t*5+10, ...: each reading is in two threads' windows.
        try (PostgresReadingStore store = TestDatabases.readings(uri)) {
            CyclicBarrier together = new CyclicBarrier(threads);
            List<CompletableFuture<int[]>> work = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                for (int t = 0; t < threads; t++) {
                    int first = t * 5;
                    work.add(CompletableFuture.supplyAsync(() -> {
                        awaitAll(together);
                        int[] tally = new int[3];
                        for (int s = 0; s < sendsPerThread; s++) {
                            StoreResult r = store.store("meter-c", window(first + s * threads * 5, readingsPerSend));
                            tally[0] += r.inserted().size();
                            tally[1] += r.duplicates();
                            tally[2] += r.conflicts();
                        }
                        return tally;
                    }, pool));
                }
                int inserted = 0;
                int duplicates = 0;
                int conflicts = 0;
                for (CompletableFuture<int[]> f : work) {
                    int[] tally = f.get();
                    inserted += tally[0];
                    duplicates += tally[1];
                    conflicts += tally[2];
                }
                int sent = threads * sendsPerThread * readingsPerSend;
                long distinct = distinct(threads, sendsPerThread, readingsPerSend);
                assertThat(inserted).isEqualTo(distinct);
                assertThat(duplicates).isEqualTo(sent - distinct);
                assertThat(conflicts).isZero();
                assertThat(store.count("meter-c")).isEqualTo(distinct);
                assertThat(store.duplicates("meter-c")).isEqualTo(sent - distinct);
                List<ReceivedReading> stored = store.readings("meter-c", "grid.energy");
                assertThat(stored).extracting(ReceivedReading::at).doesNotHaveDuplicates().isSorted();
                assertThat(stored.get(0).at()).isEqualTo(T0);
            }
        }
    }

    private static long distinct(int threads, int sends, int perSend) {
        java.util.Set<Integer> quarters = new java.util.HashSet<>();
        for (int t = 0; t < threads; t++) {
            for (int s = 0; s < sends; s++) {
                for (int i = 0; i < perSend; i++) {
                    quarters.add(t * 5 + s * threads * 5 + i);
                }
            }
        }
        return quarters.size();
    }

    /** A one-off figure for the README (no assertion on it): ten-reading Sends stored per second from 4 threads. */
    @Test
    void measure_ten_reading_sends_per_second_from_four_threads() throws Exception {
        String uri = TestDatabases.fresh(pg) + "&pool=4";
        int threads = 4;
        int sendsPerThread = 500;
        try (PostgresReadingStore store = TestDatabases.readings(uri)) {
            store.store("warm-up", window(0, 10));
            AtomicInteger stored = new AtomicInteger();
            CyclicBarrier together = new CyclicBarrier(threads + 1);
            List<CompletableFuture<Void>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String endpoint = "meter-" + t;
                work.add(CompletableFuture.runAsync(() -> {
                    awaitAll(together);
                    for (int s = 0; s < sendsPerThread; s++) {
                        stored.addAndGet(store.store(endpoint, window(s * 10, 10)).inserted().size());
                    }
                }, Executors.newVirtualThreadPerTaskExecutor()));
            }
            awaitAll(together);
            long start = System.nanoTime();
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(stored.get()).isEqualTo(threads * sendsPerThread * 10);
            System.out.printf("postgres store: %d ten-reading Sends from %d threads in %.2f s = %.0f Sends/s (%.0f readings/s)%n",
                    threads * sendsPerThread, threads, seconds, threads * sendsPerThread / seconds,
                    threads * sendsPerThread * 10 / seconds);
        }
    }

    @Test
    void a_rename_through_another_head_end_is_seen_once_the_cached_name_is_older_than_its_ttl() {
        String uri = TestDatabases.fresh(pg);
        MutableClock clock = new MutableClock(T0);
        try (PostgresReadingStore a = TestDatabases.readings(uri, clock);
                PostgresReadingStore b = TestDatabases.readings(uri, clock)) {
            b.nameInstance("meter-1", 3331, 0, "grid");
            assertThat(a.channelOf("meter-1", 3331, 0)).contains("grid");

            b.nameInstance("meter-1", 3331, 0, "mains");
            assertThat(a.channelOf("meter-1", 3331, 0)).as("cached").contains("grid");
            assertThat(b.channelOf("meter-1", 3331, 0)).as("the renaming instance").contains("mains");

            clock.advance(PostgresReadingStore.CHANNEL_TTL);
            assertThat(a.channelOf("meter-1", 3331, 0)).contains("mains");

            b.nameInstance("meter-1", 3331, 1, "pv");
            assertThat(a.channelOf("meter-1", 3331, 1)).as("unnamed instances are not cached").contains("pv");
        }
    }

    private static List<ReceivedReading> window(int firstQuarter, int n) {
        List<ReceivedReading> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int q = firstQuarter + i;
            out.add(new ReceivedReading("meter-c", "grid.energy", T0.plusSeconds(900L * q), q * 0.25, "kWh", "GOOD",
                    "/3331/0/5700"));
        }
        return out;
    }

    private static void awaitAll(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
