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

    private record Row(String what, int instances, int nodes, FleetResult result, StoreCheck.Completeness stored) {
        double offered() {
            return nodes / (double) INTERVAL.toSeconds();
        }

        double achieved() {
            return result.sends() / (double) DURATION.toSeconds();
        }
    }

    private Ingest() {
    }

    public static void main(String[] args) throws Exception {
        int[] loads = args.length > 0 ? java.util.Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1000, 2000, 4000};
        List<Row> rows = new ArrayList<>();
        try (PostgresServer pg = PostgresServer.launch()) {
            int n = 0;
            for (int nodes : loads) {
                rows.add(oneInstance(pg, "one_" + (n++), nodes));
            }
            int best = loads[loads.length - 1];
            try (RedisServer redis = RedisServer.start("ingest")) {
                rows.add(threeInstances(pg, redis, "three", best));
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
        try (Fleet fleet = new Fleet(plan, Clock.systemUTC(), Duration.ofSeconds(10), line -> System.out.println("  " + line))) {
            FleetResult result = fleet.run();
            return new Row(what, instances, psks.size(), result, StoreCheck.check(store, fleet));
        }
    }

    private static void print(List<Row> rows) {
        System.out.println();
        System.out.println("ingest: Sends stored per second in PostgreSQL (durable commit before each 2.04), PSK nodes"
                + " over DTLS from the fleet simulator on the same 2 cores");
        System.out.printf(Locale.ROOT, "%-20s %6s %9s %9s %8s %8s %9s %s%n", "run", "nodes", "offered/s", "stored/s",
                "p50 ms", "p99 ms", "lost", "errors");
        Row one = null;
        for (Row r : rows) {
            if (r.instances() == 1) {
                one = r;
            }
            System.out.printf(Locale.ROOT, "%-20s %6d %9.0f %9.0f %8.1f %8.1f %9d %s%n", r.what(), r.nodes(), r.offered(),
                    r.achieved(), r.result().sendP50Micros() / 1000.0, r.result().sendP99Micros() / 1000.0,
                    r.stored().lost(), r.result().errors());
        }
        Row bestOne = rows.stream().filter(r -> r.instances() == 1 && r.result().sendP99Micros() / 1000.0 < GOAL_P99_MS)
                .max(java.util.Comparator.comparingDouble(Row::achieved)).orElse(null);
        double ours = bestOne == null ? 0 : bestOne.achieved();
        System.out.printf(Locale.ROOT, "goal: one instance >= %.0f Sends/s with p99 < %.0f ms: best %.0f Sends/s%s -> %s%n",
                GOAL_SENDS_PER_S, GOAL_P99_MS, ours, bestOne == null ? " (no run under the p99 limit)"
                        : " (" + bestOne.nodes() + " nodes, p99 " + bestOne.result().sendP99Micros() / 1000 + " ms)",
                ours >= GOAL_SENDS_PER_S ? "met" : String.format(Locale.ROOT, "not met (%.0f %% of it)", 100 * ours / GOAL_SENDS_PER_S));
        Row three = rows.get(rows.size() - 1);
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
