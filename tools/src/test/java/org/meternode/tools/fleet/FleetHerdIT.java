package org.meternode.tools.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.tools.headend.HeadEnd;
import org.meternode.tools.headend.HeadEndOptions;
import org.meternode.tools.headend.PskEntry;

/**
 * Issue 15's herd test: "1,000 simulated nodes come back after a 5-minute head-end outage. The peak
 * Send rate in any second is at most 3x the average." The head-end is really closed and a new one
 * started on the same port and database (no DTLS state kept: every node handshakes and registers
 * again), and Sends are counted where they arrive, at the head-end.
 * <p>
 * Time runs {@value #SCALE}x fast ({@code meterctl fleet --speed 3}), all of it alike: the 60 s interval
 * takes 20 s, the 5-minute outage 100 s, and so do the Send window, the backoff, the 10 s exchange
 * timeout and Scandium's and Californium's retransmission timers; one "second" of the figures is
 * 333 ms of wall time, so the counts per second, and their ratio, are those of the real scenario.
 */
class FleetHerdIT {
    private static final int SCALE = 3;
    private static final int NODES = 1000;
    private static final Duration INTERVAL = Duration.ofSeconds(60);
    private static final Duration OUTAGE = Duration.ofMinutes(5).dividedBy(SCALE);
    private static final Duration BUCKET = Duration.ofSeconds(1).dividedBy(SCALE);
    private static final int INTERVALS = 7;
    private static final Duration SPREAD = Duration.ofSeconds(45);
    private static final Duration RETRY_MAX = Duration.ofSeconds(60);
    private static final int STREAMS = 2;

    @TempDir
    Path dir;

    @Test
    void a_thousand_nodes_back_from_a_5_minute_outage_peak_at_most_3x_the_average_send_rate() throws Exception {
        // A slow job: about 160 s of wall time with 1,000 DTLS sessions on two cores, and its measured
        // ratio (2.93 in the last run, 3.06..3.43 before the DTLS retransmission jitter) sits close to the limit.
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("meternode.slow-tests"),
                "FleetHerdIT is a slow job (about 3 min): ./run-tests --slow, or -Dit.test=FleetHerdIT -Dmeternode.slow-tests=true");
        List<PskEntry> psks = PskFile.generate(NODES, "herd-");
        Path db = dir.resolve("head-end.db");
        Arrivals arrivals = new Arrivals();
        HeadEnd first = headEnd(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), db, psks, arrivals);
        java.util.Set<String> reported = ConcurrentHashMap.newKeySet();
        first.onReading(r -> reported.add(r.endpoint()));
        InetSocketAddress bound = new InetSocketAddress(InetAddress.getLoopbackAddress(), first.uri().getPort());
        // A node configured with uplink.spread: 45s and uplink.retry-max: 60s (retry-min and the 10 s
        // timeout its defaults), run SCALE times fast. With the node's default spread (10 % of the
        // interval) a steady fleet already peaks at ~10x its average: all Sends fall in 6 s of 60.
        FleetPlan plan = FleetPlan.of(psks, URI.create("coaps://127.0.0.1:" + bound.getPort()), INTERVAL,
                INTERVAL.multipliedBy(INTERVALS), STREAMS, 15).withWindow(SPREAD)
                .withBackoff(NodePolicy.RETRY_MIN, RETRY_MAX).withGrace(INTERVAL.multipliedBy(3)).withSpeed(SCALE);
        AtomicReference<HeadEnd> second = new AtomicReference<>();
        ScheduledExecutorService restarter = Executors.newSingleThreadScheduledExecutor();
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Fleet fleet = new Fleet(plan, Clock.systemUTC(), Duration.ofSeconds(5), lines::add)) {
            CompletableFuture<FleetResult> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return fleet.run();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            // The outage starts once every node has delivered its first interval.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> reported.size() == NODES);
            first.close();
            arrivals.down();
            CountDownLatch restarted = new CountDownLatch(1);
            restarter.schedule(() -> {
                second.set(headEnd(bound, db, psks, arrivals));
                arrivals.up();
                restarted.countDown();
            }, OUTAGE.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(restarted.await(OUTAGE.toSeconds() + 30, TimeUnit.SECONDS)).isTrue();
            FleetResult result = run.get(5, TimeUnit.MINUTES);
            lines.forEach(System.out::println);

            StoreCheck.Completeness c = StoreCheck.check(second.get().store(), fleet);
            Arrivals.Figures f = arrivals.figures();
            String line = String.format("peak %d Sends/s, average %.1f Sends/s, ratio %.2f (limit 3)"
                    + "  [time %dx: one second = %d ms of wall time; %d Sends, %d during the outage; spread %d s,"
                    + " retries %d s..%d s]", f.peak(), f.average(), f.peak() / f.average(), SCALE, BUCKET.toMillis(),
                    f.total(), f.duringOutage(), SPREAD.toSeconds(), NodePolicy.RETRY_MIN.toSeconds(),
                    RETRY_MAX.toSeconds());
            System.out.println(line + ", fleet timer lag max " + result.maxTimerLag().toMillis() + " ms");
            assertThat(result.allDelivered()).as(lines.toString()).isTrue();
            assertThat(c.lost()).isZero();
            assertThat(c.wrong()).isZero();
            assertThat(c.stored()).isEqualTo((long) NODES * INTERVALS * STREAMS);
            // Every node registered with both head-ends.
            assertThat(result.registrations()).isGreaterThanOrEqualTo(2L * NODES);
            assertThat(f.duringOutage()).isZero();
            assertThat(f.peak() / f.average()).as(line).isLessThanOrEqualTo(3.0);
        } finally {
            restarter.shutdownNow();
            first.close();
            if (second.get() != null) {
                second.get().close();
            }
        }
    }

    private static HeadEnd headEnd(InetSocketAddress bind, Path db, List<PskEntry> psks, Arrivals arrivals) {
        HeadEnd h = new HeadEnd(HeadEndOptions.psk(bind, db, psks), line -> { });
        // Counted as they arrive (decrypted, before Leshan decodes and the store commits), so a stall in
        // the head-end's own processing does not bunch them up; a CoAP retransmission counts once.
        CoapEndpoint coaps = ((CaliforniumServerEndpoint) h.leshan().getEndpoint(Protocol.COAPS)).getCoapEndpoint();
        coaps.addInterceptor(new MessageInterceptorAdapter() {
            @Override
            public void receiveRequest(Request request) {
                if (request.getCode() == CoAP.Code.POST && "dp".equals(request.getOptions().getUriPathString())) {
                    arrivals.arrived(request.getSourceContext().getPeerAddress() + "#" + request.getMID());
                }
            }
        });
        h.start();
        return h;
    }

    /** Sends as the head-end received them, counted per {@link #BUCKET} of wall time. */
    private static final class Arrivals {
        record Figures(long peak, double average, long total, long duringOutage) {
        }

        private final long origin = System.nanoTime();
        private final ConcurrentHashMap<Long, LongAdder> buckets = new ConcurrentHashMap<>();
        private final LongAdder total = new LongAdder();
        private final AtomicLong downAt = new AtomicLong(-1);
        private final AtomicLong upAt = new AtomicLong(-1);
        private final LongAdder duringOutage = new LongAdder();

        private final java.util.Set<String> seen = ConcurrentHashMap.newKeySet();

        void arrived(String peerAndMessageId) {
            if (!seen.add(peerAndMessageId)) {
                return;
            }
            long bucket = bucket();
            if (downAt.get() >= 0 && upAt.get() < 0) {
                duringOutage.increment();
            }
            buckets.computeIfAbsent(bucket, b -> new LongAdder()).increment();
            total.increment();
        }

        long total() {
            return total.sum();
        }

        void down() {
            downAt.set(bucket());
        }

        void up() {
            upAt.set(bucket());
        }

        private long bucket() {
            return (System.nanoTime() - origin) / BUCKET.toNanos();
        }

        /** Peak bucket; average over the buckets from the first to the last arrival the head-end was up in. */
        Figures figures() {
            long first = buckets.keySet().stream().mapToLong(Long::longValue).min().orElseThrow();
            long last = buckets.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
            long down = upAt.get() - downAt.get() - 1;
            long peak = buckets.values().stream().mapToLong(LongAdder::sum).max().orElseThrow();
            buckets.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum())).limit(5)
                    .forEach(e -> System.out.printf("busiest: %d Sends at %.1f s (head-end down %.1f s .. %.1f s)%n",
                            e.getValue().sum(), e.getKey() * BUCKET.toMillis() / 1000.0,
                            downAt.get() * BUCKET.toMillis() / 1000.0, upAt.get() * BUCKET.toMillis() / 1000.0));
            return new Figures(peak, (double) total.sum() / (last - first + 1 - Math.max(0, down)), total.sum(),
                    duringOutage.sum());
        }
    }
}
