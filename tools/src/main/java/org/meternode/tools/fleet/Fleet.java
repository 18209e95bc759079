package org.meternode.tools.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.meternode.tools.headend.PskEntry;

/**
 * N virtual LwM2M nodes in this JVM reporting to one head-end over DTLS (PSK), on one shared
 * executor. {@link #run()} registers them, lets them report for the plan's duration, waits up to the
 * grace period for what they still hold, and prints a progress line every {@code reportEvery}.
 */
public final class Fleet implements AutoCloseable {
    private final FleetPlan configured;
    private final FleetPlan plan;
    private final Clock clock;
    private final Consumer<String> out;
    private final Duration reportEvery;
    private final FleetNetwork network;
    private final FleetStreams streams;
    private final FleetStats stats = new FleetStats();
    private final List<VirtualNode> nodes = new ArrayList<>();
    private final List<NodeLink> links = new ArrayList<>();
    private final CountDownLatch finished;
    private volatile Instant start;
    private Instant lastReport;

    /**
     * Opens every node's DTLS endpoint (not yet talking).
     *
     * @param out where progress and summary lines go
     */
    public Fleet(FleetPlan plan, Clock clock, Duration reportEvery, Consumer<String> out) throws IOException {
        this.configured = plan;
        this.plan = plan.wallClock();
        this.clock = clock;
        this.out = out;
        this.reportEvery = reportEvery;
        this.network = new FleetNetwork(plan.server(), Math.max(2, Runtime.getRuntime().availableProcessors()),
                configured.speed());
        this.streams = new FleetStreams(plan.streams(), plan.seed());
        this.finished = new CountDownLatch(plan.nodes().size());
        // From here on, this.plan (wall clock) is what nodes and timers use.
        SplittableRandom seeds = new SplittableRandom(plan.seed());
        try {
            for (int i = 0; i < plan.nodes().size(); i++) {
                PskEntry psk = plan.nodes().get(i);
                NodeLink link = new NodeLink(network, psk.identity(), psk.key());
                links.add(link);
                link.start();
                nodes.add(new VirtualNode(i, psk.endpoint(), link, streams, this.plan, clock, System::nanoTime,
                        network.executor(), stats, NodePolicy.backoff(this.plan.backoffBase(), this.plan.backoffCap(),
                                seeds.split()), finished::countDown));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw new IOException("fleet: node " + links.size() + " (" + plan.nodes().get(links.size() - 1).endpoint()
                    + "): cannot open its DTLS endpoint: " + e.getMessage(), e);
        }
    }

    /**
     * The instant interval 0 ended at, set by {@link #run()}: interval k's readings are stamped
     * {@code start + k * interval}.
     */
    public Instant start() {
        return start;
    }

    /** The plan as it runs: durations in wall-clock time (the configured ones divided by its speed). */
    public FleetPlan plan() {
        return plan;
    }

    /** Runs the plan; returns what the nodes had acknowledged when it ended. */
    public FleetResult run() throws InterruptedException {
        out.accept(String.format("fleet: %d nodes, %d stream(s), interval %s, %d interval(s), Send window %s, to %s%s",
                nodes.size(), streams.count(), human(configured.interval()), plan.intervals(),
                human(configured.window()), plan.server(), configured.speed() == 1 ? "" : " (times as configured; they"
                        + " run " + configured.speed() + "x fast: rates below are per wall-clock second)"));
        Instant began = clock.instant();
        lastReport = began;
        ScheduledFuture<?> progress = network.executor().scheduleAtFixedRate(() -> out.accept(progressLine(began)),
                reportEvery.toNanos(), reportEvery.toNanos(), TimeUnit.NANOSECONDS);
        // Readings are stamped with interval ends counted from here: whole seconds, like a meter's.
        // Taken after every endpoint is open (10,000 take a while), so no node starts late.
        start = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        for (int i = 0; i < nodes.size(); i++) {
            nodes.get(i).begin(start, start.plus(plan.interval().multipliedBy(i).dividedBy(nodes.size())));
        }
        Instant deadline = start.plus(plan.duration()).plus(plan.window()).plus(plan.grace());
        boolean all = finished.await(Math.max(0, Duration.between(clock.instant(), deadline).toMillis()),
                TimeUnit.MILLISECONDS);
        progress.cancel(false);
        nodes.forEach(VirtualNode::stop);
        out.accept(progressLine(began));
        long acked = nodes.stream().mapToLong(VirtualNode::acknowledgedIntervals).sum() * streams.count();
        long registered = nodes.stream().filter(VirtualNode::isRegistered).count();
        FleetStats.Period total = stats.total();
        FleetResult result = new FleetResult(plan.expectedReadings(), acked, registered, total.registrations(),
                total.sends(), total.p50Micros(), total.p99Micros(), total.errors(), all,
                Duration.between(began, clock.instant()), Duration.ofNanos(total.maxLagMicros() * 1000));
        out.accept(String.format("fleet: %d Sends and %d registrations acknowledged; Send round trip p50 %s p99 %s;"
                + " timer lag max %s; errors %s", total.sends(), total.registrations(), ms(total.p50Micros()),
                ms(total.p99Micros()), ms(total.maxLagMicros()), total.errors().isEmpty() ? "none" : total.errors()));
        out.accept(String.format("fleet: this JVM: %d threads, RSS %s", java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount(), rss()));
        return result;
    }

    /** The streams and values every node reports, for checking the store. */
    FleetStreams streams() {
        return streams;
    }

    private synchronized String progressLine(Instant began) {
        Instant now = clock.instant();
        double seconds = Math.max(1, Duration.between(lastReport, now).toMillis()) / 1000.0;
        lastReport = now;
        FleetStats.Period p = stats.period();
        long registered = nodes.stream().filter(VirtualNode::isRegistered).count();
        return String.format("fleet %5d s: registered %d/%d, %.1f registrations/s, %.1f Sends/s, Send RTT p50 %s"
                + " p99 %s, timer lag max %s, errors %s", Duration.between(began, now).toSeconds(), registered,
                nodes.size(), p.registrations() / seconds, p.sends() / seconds, ms(p.p50Micros()), ms(p.p99Micros()),
                ms(p.maxLagMicros()), p.errors().isEmpty() ? "none" : p.errors());
    }

    private static String ms(long micros) {
        return micros < 0 ? "-" : String.format("%.1f ms", micros / 1000.0);
    }

    static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** This process's resident set, from /proc (Linux); "unknown" elsewhere. */
    static String rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return kb / 1024 + " MB";
                }
            }
        } catch (IOException | NumberFormatException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }

    @Override
    public void close() {
        nodes.forEach(VirtualNode::stop);
        for (NodeLink link : links) {
            link.close();
        }
        network.close();
    }
}
