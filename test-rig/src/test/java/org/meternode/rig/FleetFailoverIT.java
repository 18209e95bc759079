package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.testkit.OutputLog;
import org.meternode.testkit.services.NginxUdpBalancer;
import org.meternode.testkit.services.PostgresServer;
import org.meternode.testkit.services.RedisServer;
import org.meternode.tools.fleet.Fleet;
import org.meternode.tools.fleet.FleetPlan;
import org.meternode.tools.fleet.FleetResult;
import org.meternode.tools.fleet.PskFile;
import org.meternode.tools.fleet.StoreCheck;
import org.meternode.tools.headend.PskEntry;
import org.meternode.tools.launch.ChildJvm;
import org.meternode.tools.launch.HeadEndProcess;

/**
 * Issue 15's failover run: redis-server, a PostgreSQL cluster in a temporary directory, nginx as UDP
 * load balancer and three head-end instances (child JVMs, a DTLS cluster sharing Redis and
 * PostgreSQL), then a fleet of 1,000 virtual nodes through the balancer at a 20 s interval.
 * Mid-run one instance is SIGKILLed. At the end every generated reading is stored exactly once,
 * every node is registered (in Redis), and the run prints handshakes per instance and the longest
 * delivery delay. Everything it starts, it stops.
 */
class FleetFailoverIT {
    private static final int NODES = 1000;
    private static final int INSTANCES = 3;
    private static final int VICTIM = 2;
    private static final Duration INTERVAL = Duration.ofSeconds(20);
    private static final Duration DURATION = Duration.ofSeconds(100);
    private static final Pattern STATS = Pattern.compile("stats: (\\d+) readings stored, (\\d+) full handshakes");

    @TempDir
    Path dir;

    @Test
    void a_thousand_nodes_lose_an_instance_and_every_reading_is_stored_once() throws Exception {
        List<PskEntry> psks = PskFile.generate(NODES, "fo-");
        Path pskFile = dir.resolve("fleet.psk");
        PskFile.write(pskFile, psks);
        List<Integer> ports = new ArrayList<>();
        StringBuilder peers = new StringBuilder();
        for (int i = 1; i <= INSTANCES; i++) {
            ports.add(RigHeadEnd.freeUdpPort());
            peers.append(i == 1 ? "" : ",").append(i).append("=127.0.0.1:").append(RigHeadEnd.freeUdpPort());
        }
        try (RedisServer redis = RedisServer.start("failover"); PostgresServer pg = PostgresServer.launch()) {
            String db = pg.createDatabase("meters");
            List<ChildJvm> instances = new ArrayList<>();
            List<OutputLog> logs = new ArrayList<>();
            try {
                for (int i = 1; i <= INSTANCES; i++) {
                    OutputLog log = new OutputLog("head-end " + i, null);
                    logs.add(log);
                    instances.add(HeadEndProcess.start(List.of("--bind", "127.0.0.1", "--port", ports.get(i - 1).toString(),
                            "--psk-file", pskFile.toString(), "--db", db, "--redis", redis.uri().toString(),
                            "--cluster-node", Integer.toString(i), "--cluster-peers", peers.toString(),
                            "--quiet", "--stats-every", "2s"), log::add));
                }
                for (OutputLog log : logs) {
                    log.awaitLine(l -> l.contains("head-end listening on"), Duration.ofSeconds(90));
                }
                List<InetSocketAddress> backends = ports.stream()
                        .map(p -> new InetSocketAddress(InetAddress.getLoopbackAddress(), p)).toList();
                try (NginxUdpBalancer lb = NginxUdpBalancer.start(backends, Duration.ofSeconds(10))) {
                    FleetPlan plan = FleetPlan.of(psks, URI.create("coaps://127.0.0.1:" + lb.port()), INTERVAL, DURATION,
                            2, 15).withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(20))
                            .withGrace(Duration.ofSeconds(120));
                    OutputLog fleetLines = new OutputLog("fleet", null);
                    try (Fleet fleet = new Fleet(plan, Clock.systemUTC(), Duration.ofSeconds(5), fleetLines::add)) {
                        CompletableFuture<FleetResult> run = CompletableFuture.supplyAsync(() -> {
                            try {
                                return fleet.run();
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
                        // Two intervals in, with readings arriving at every instance, the victim dies.
                        await().atMost(Duration.ofSeconds(120)).until(() -> stats(logs.get(VICTIM - 1))[0] > 0
                                && readingsIn(pg) >= 2L * NODES * 2);
                        long[] victimBefore = stats(logs.get(VICTIM - 1));
                        instances.get(VICTIM - 1).kill();
                        long killedAt = System.currentTimeMillis();
                        FleetResult result = run.get(6, TimeUnit.MINUTES);

                        StoreCheck.Completeness c = StoreCheck.check(db, fleet);
                        String registered = redis.command("EVAL", "return #redis.call('keys', 'REG#EP#*')", "0");
                        String delay = pg.psql("meters", "SELECT round(extract(epoch FROM max(received_at - at)))::int"
                                + " FROM readings");
                        String delayAfterKill = pg.psql("meters", "SELECT round(extract(epoch FROM max(received_at - at)))::int"
                                + " FROM readings WHERE at >= to_timestamp(" + killedAt / 1000 + ") - interval '20 seconds'");
                        StringBuilder perInstance = new StringBuilder();
                        for (int i = 1; i <= INSTANCES; i++) {
                            long[] s = i == VICTIM ? victimBefore : stats(logs.get(i - 1));
                            perInstance.append(String.format("  instance %d%s: %d full handshakes, %d readings stored%n", i,
                                    i == VICTIM ? " (SIGKILLed; last stats before)" : "", s[1], s[0]));
                        }
                        System.out.printf("failover: %d nodes, %d instances behind nginx, instance %d SIGKILLed mid-run%n"
                                        + "%s  expected %d readings, stored %d, lost %d, duplicated %d, wrong %d; registered"
                                        + " in Redis %s; longest delivery delay %s s (%s s for readings from 20 s before"
                                        + " the kill on); fleet errors %s%n",
                                NODES, INSTANCES, VICTIM, perInstance, c.expected(), c.stored(), c.lost(), c.duplicated(),
                                c.wrong(), registered.substring(1), delay.strip(), delayAfterKill.strip(), result.errors());

                        assertThat(c.lost()).as("readings lost").isZero();
                        assertThat(c.duplicated()).as("readings stored twice").isZero();
                        assertThat(c.wrong()).as("readings with a wrong value").isZero();
                        assertThat(c.stored()).isEqualTo(c.expected()).isEqualTo((long) NODES * plan.intervals() * 2);
                        assertThat(result.registeredAtEnd()).as("nodes registered at the end").isEqualTo(NODES);
                        assertThat(registered).as("registrations in Redis").isEqualTo(":" + NODES);
                        long survivorsHandshakes = 0;
                        for (int i = 1; i <= INSTANCES; i++) {
                            if (i != VICTIM) {
                                survivorsHandshakes += stats(logs.get(i - 1))[1];
                            }
                        }
                        assertThat(survivorsHandshakes).as("the victim's nodes made new handshakes with the survivors")
                                .isGreaterThan(NODES - victimBefore[1]);
                    }
                }
            } finally {
                for (ChildJvm instance : instances) {
                    instance.stop(Duration.ofSeconds(15));
                }
            }
        }
    }

    /** The last stats line of an instance: readings stored, full handshakes. */
    private static long[] stats(OutputLog log) {
        long[] last = {0, 0};
        for (String line : log.snapshot()) {
            Matcher m = STATS.matcher(line);
            if (m.find()) {
                last = new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
            }
        }
        return last;
    }

    private static long readingsIn(PostgresServer pg) {
        return Long.parseLong(pg.psql("meters", "SELECT count(*) FROM readings").strip());
    }
}
