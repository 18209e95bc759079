package org.meternode.bench.ingest;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.meternode.testkit.OutputLog;
import org.meternode.testkit.services.NginxUdpBalancer;
import org.meternode.testkit.services.PostgresServer;
import org.meternode.testkit.services.RedisServer;
import org.meternode.tools.fleet.Fleet;
import org.meternode.tools.fleet.FleetPlan;
import org.meternode.tools.fleet.FleetResult;
import org.meternode.tools.fleet.PskFile;
import org.meternode.tools.fleet.StoreCheck;
import org.meternode.tools.headend.HeadEnd;
import org.meternode.tools.headend.HeadEndOptions;
import org.meternode.tools.headend.HeadEndStorage;
import org.meternode.tools.headend.PskEntry;
import org.meternode.tools.launch.ChildJvm;
import org.meternode.tools.launch.HeadEndProcess;

/**
 * {@code ./bench ingest}: Sends per second one head-end instance stores in PostgreSQL from PSK nodes
 * (the fleet simulator's, over real DTLS), with the Send round trip's p50 and p99, then the same load
 * on three instances behind nginx (a DTLS cluster on Redis and PostgreSQL): the peer figure is one
 * instance, measured in the same run. On one 2-core machine that also runs the load generator and
 * the engines, the three instances prove behaviour, not capacity.
 */
public final class Ingest {
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Duration DURATION = Duration.ofSeconds(40);
    private static final double GOAL_SENDS_PER_S = 2000;
    private static final double GOAL_P99_MS = 100;

    /** The fleet's progress line for one period, after registrations ended: the steady state. */
    private static final java.util.regex.Pattern PERIOD = java.util.regex.Pattern.compile(
            " 0\\.0 registrations/s, ([0-9.]+) Sends/s, Send RTT p50 ([0-9.]+) ms p99 ([0-9.]+) ms");

    /**
     * One run. The steady figures leave out the start, when every node registers in the first interval
     * and the first Sends queue behind the handshakes: Sends/s is the mean of the steady periods, p99
     * the worst steady period's.
     */
    private record Row(String what, int instances, int nodes, FleetResult result, StoreCheck.Completeness stored,
            double steadySendsPerS, double steadyP50Ms, double steadyP99Ms) {
        double offered() {
            return nodes / (double) INTERVAL.toSeconds();
        }

        double achieved() {
            return steadySendsPerS;
        }
    }

    private Ingest() {
    }

    public static void main(String[] args) throws Exception {
        int[] loads = args.length > 0 ? java.util.Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1000, 2000, 3000};
        // Ctrl-C must not leave PostgreSQL, Redis, nginx or head-end JVMs behind.
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy), "ingest-cleanup"));
        List<Row> rows = new ArrayList<>();
        try (PostgresServer pg = PostgresServer.launch()) {
            int n = 0;
            for (int nodes : loads) {
                rows.add(oneInstance(pg, "one_" + (n++), nodes));
            }
            // Three instances at the first load: three JVMs, Redis and nginx beside the fleet on 2 cores
            // leave less CPU than one instance had, so the comparison is made where one instance is easy.
            try (RedisServer redis = RedisServer.start("ingest")) {
                rows.add(threeInstances(pg, redis, "three", loads[0]));
            }
        }
        print(rows);
    }

    private static Row oneInstance(PostgresServer pg, String db, int nodes) throws Exception {
        List<PskEntry> psks = PskFile.generate(nodes, "in-");
        String uri = pg.createDatabase(db);
        HeadEndOptions options = HeadEndOptions.psk(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Path.of("unused.db"), psks);
        try (HeadEnd headEnd = new HeadEnd(options, HeadEndStorage.open(uri), line -> { })) {
            headEnd.printReadings(false);
            headEnd.start();
            return load("1 instance", 1, psks, URI.create("coaps://127.0.0.1:" + headEnd.uri().getPort()), uri);
        }
    }

    private static Row threeInstances(PostgresServer pg, RedisServer redis, String db, int nodes) throws Exception {
        List<PskEntry> psks = PskFile.generate(nodes, "in3-");
        Path dir = Files.createTempDirectory("ingest-");
        Path pskFile = dir.resolve("fleet.psk");
        PskFile.write(pskFile, psks);
        String uri = pg.createDatabase(db);
        List<Integer> ports = new ArrayList<>();
        StringBuilder peers = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            ports.add(freePort());
            peers.append(i == 1 ? "" : ",").append(i).append("=127.0.0.1:").append(freePort());
        }
        List<ChildJvm> instances = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                OutputLog log = new OutputLog("head-end " + i, null);
                instances.add(HeadEndProcess.start(List.of("--bind", "127.0.0.1", "--port", ports.get(i - 1).toString(),
                        "--psk-file", pskFile.toString(), "--db", uri, "--redis", redis.uri().toString(),
                        "--cluster-node", Integer.toString(i), "--cluster-peers", peers.toString(), "--quiet"), log::add));
                log.awaitLine(l -> l.contains("head-end listening on"), Duration.ofSeconds(90));
            }
            List<InetSocketAddress> backends = ports.stream()
                    .map(p -> new InetSocketAddress(InetAddress.getLoopbackAddress(), p)).toList();
            try (NginxUdpBalancer lb = NginxUdpBalancer.start(backends, Duration.ofSeconds(30))) {
                return load("3 instances, nginx", 3, psks, URI.create("coaps://127.0.0.1:" + lb.port()), uri);
            }
        } finally {
            for (ChildJvm instance : instances) {
                instance.stop(Duration.ofSeconds(15));
            }
        }
    }

    private static Row load(String what, int instances, List<PskEntry> psks, URI server, String store) throws Exception {
        System.out.printf("ingest: %s, %d nodes every %d s (%.0f Sends/s offered) for %d s...%n", what, psks.size(),
                INTERVAL.toSeconds(), psks.size() / (double) INTERVAL.toSeconds(), DURATION.toSeconds());
        FleetPlan plan = FleetPlan.of(psks, server, INTERVAL, DURATION, 2, 7)
                .withWindow(INTERVAL.multipliedBy(9).dividedBy(10))
                .withBackoff(Duration.ofMillis(500), Duration.ofSeconds(10)).withGrace(Duration.ofSeconds(60));
        List<double[]> steady = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Fleet fleet = new Fleet(plan, Clock.systemUTC(), Duration.ofSeconds(5), line -> {
            System.out.println("  " + line);
            java.util.regex.Matcher m = PERIOD.matcher(line);
            if (m.find()) {
                steady.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                        Double.parseDouble(m.group(3))});
            }
        })) {
            FleetResult result = fleet.run();
            // The first steady period still drains the Sends queued behind the handshakes, and the last
            // is the drain after the run's end: both left out.
            List<double[]> periods = steady.size() > 2 ? steady.subList(1, steady.size() - 1) : steady;
            double sends = periods.stream().mapToDouble(p -> p[0]).average().orElse(0);
            double p50 = median(periods, 1);
            double p99 = median(periods, 2);
            return new Row(what, instances, psks.size(), result, StoreCheck.check(store, fleet), sends, p50, p99);
        }
    }

    private static double median(List<double[]> periods, int column) {
        double[] v = periods.stream().mapToDouble(p -> p[column]).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    private static void print(List<Row> rows) {
        System.out.println();
        System.out.println("ingest: Sends stored per second in PostgreSQL (durable commit before each 2.04), PSK nodes"
                + " over DTLS from the fleet simulator on the same 2 cores");
        System.out.printf(Locale.ROOT, "%-20s %6s %9s %9s %8s %8s %12s %6s %s%n", "run", "nodes", "offered/s",
                "stored/s", "p50 ms", "p99 ms", "p99 all ms", "lost", "errors");
        Row one = null;
        for (Row r : rows) {
            if (r.instances() == 1) {
                one = r;
            }
            System.out.printf(Locale.ROOT, "%-20s %6d %9.0f %9.0f %8.1f %8.1f %12.1f %6d %s%n", r.what(), r.nodes(),
                    r.offered(), r.achieved(), r.steadyP50Ms(), r.steadyP99Ms(), r.result().sendP99Micros() / 1000.0,
                    r.stored().lost(), r.result().errors());
        }
        System.out.println("stored/s, p50, p99: steady state (5 s periods after every node registered and the queued"
                + " Sends drained; the median period's p50 and p99); p99 all: the whole run, registration ramp included");
        Row bestOne = rows.stream().filter(r -> r.instances() == 1 && r.steadyP99Ms() < GOAL_P99_MS)
                .max(java.util.Comparator.comparingDouble(Row::achieved)).orElse(null);
        double ours = bestOne == null ? 0 : bestOne.achieved();
        System.out.printf(Locale.ROOT, "goal: one instance >= %.0f Sends/s with p99 < %.0f ms: best %.0f Sends/s%s -> %s%n",
                GOAL_SENDS_PER_S, GOAL_P99_MS, ours, bestOne == null ? " (no run under the p99 limit)"
                        : String.format(Locale.ROOT, " (%d nodes, steady p99 %.1f ms)", bestOne.nodes(), bestOne.steadyP99Ms()),
                ours >= GOAL_SENDS_PER_S ? "met" : String.format(Locale.ROOT, "not met (%.0f %% of it)", 100 * ours / GOAL_SENDS_PER_S));
        Row three = rows.get(rows.size() - 1);
        one = rows.stream().filter(r -> r.instances() == 1 && r.nodes() == three.nodes()).findFirst().orElse(one);
        if (one != null) {
            System.out.printf(Locale.ROOT, "1 -> 3 instances at %d nodes: %.0f -> %.0f Sends/s (ratio %.2f); on one 2-core"
                    + " machine running the load and the engines too, this shows the cluster works, not that it scales%n",
                    three.nodes(), one.achieved(), three.achieved(), three.achieved() / Math.max(1, one.achieved()));
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
