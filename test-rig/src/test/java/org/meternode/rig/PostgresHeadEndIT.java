package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.outbox.Outbox;
import org.meternode.testkit.OutputLog;
import org.meternode.testkit.services.PostgresServer;
import org.meternode.tools.headend.HeadEnd;
import org.meternode.tools.headend.HeadEndStorage;
import org.meternode.tools.headend.ManagementRequest;
import org.meternode.tools.headend.ReceivedReading;
import org.meternode.tools.launch.NodeProcess;
import org.meternode.tools.launch.SimNodeSetup;

/**
 * A node JVM reports to a head-end that stores in a real PostgreSQL. PostgreSQL stops for several
 * intervals: Sends are answered 5.03, the node keeps its readings, the head-end logs the outage once;
 * PostgreSQL comes back: every interval arrives exactly once, and a request queued in PostgreSQL
 * reaches the node.
 */
class PostgresHeadEndIT {
    private static final String EP = "meter-pg";
    private static final Pattern INTERVAL = Pattern.compile("interval (\\S+): .*grid\\.energy=.*\\| outbox (\\d+) pending");

    @TempDir
    Path dir;

    @Test
    void readings_wait_on_the_node_through_a_postgresql_outage_and_all_arrive_once() throws Exception {
        OutputLog headEndLog = new OutputLog("head-end log", null);
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(new LineTee(stderr, headEndLog), true, StandardCharsets.UTF_8));
        try (PostgresServer pg = PostgresServer.launch()) {
            String uri = pg.createDatabase("fleet");
            HeadEnd headEnd = new HeadEnd(RigHeadEnd.options(dir.resolve("not-used.db"), 0), HeadEndStorage.open(uri),
                    headEndLog::add);
            try (headEnd) {
                headEnd.start();
                SimNodeSetup.Written w = SimNodeSetup.write(dir.resolve("node"), EP, headEnd.uri(), "1m", 120, 5);
                headEnd.addPsk(w.psk());
                OutputLog node = new OutputLog("node output", null);
                try (NodeProcess process = NodeProcess.start(w.config(), List.of(), node::add)) {
                    await().atMost(Duration.ofSeconds(60)).until(() -> grid(headEnd).size() >= 3);

                    pg.stop();
                    headEndLog.awaitLine(Duration.ofSeconds(60), "head-end storage unavailable", "5.03");
                    // The node keeps sampling; its outbox grows while every Send is refused (13 readings an interval).
                    node.awaitLine(l -> pending(l) >= 13 * 8, Duration.ofSeconds(90));
                    assertThat(headEndLog.said("head-end storage back")).as("still down").isFalse();
                    pg.start();

                    headEndLog.awaitLine(Duration.ofSeconds(60), "head-end storage back after");
                    int sampledSoFar = sampled(node).size();
                    await().atMost(Duration.ofSeconds(90)).until(() -> grid(headEnd).size() >= sampledSoFar);

                    long id = headEnd.requests().enqueue(EP, ManagementRequest.Op.READ, "/3/0/2", "");
                    await().atMost(Duration.ofSeconds(60)).until(() -> headEnd.requests().get(id).orElseThrow().finished());
                    ManagementRequest answered = headEnd.requests().get(id).orElseThrow();
                    assertThat(answered.state()).as(answered.toString()).isEqualTo(ManagementRequest.State.DONE);
                    assertThat(answered.result()).contains(EP);

                    process.stop(Duration.ofSeconds(30)); // SIGTERM: the node sends what it holds, then exits
                }
                try (Outbox outbox = Outbox.open(dir.resolve("node/state/outbox.db"))) {
                    assertThat(outbox.pendingCount()).as("the node delivered everything before it stopped").isZero();
                }
                Set<Instant> sampled = sampled(node);
                List<ReceivedReading> energy = grid(headEnd);
                List<Instant> stored = energy.stream().map(ReceivedReading::at).toList();
                assertThat(stored).as("every interval the node sampled is stored").containsAll(sampled);
                assertThat(stored).as("stored once").doesNotHaveDuplicates();
                for (int i = 1; i < stored.size(); i++) {
                    assertThat(Duration.between(stored.get(i - 1), stored.get(i))).as("no gap at %s", stored.get(i))
                            .isEqualTo(Duration.ofMinutes(1));
                }
                assertThat(headEnd.store().conflicts(EP)).isZero();
                assertThat(headEndLog.count("head-end storage unavailable")).as("the outage is logged once").isEqualTo(1);
                assertThat(headEndLog.count("head-end storage back after")).isEqualTo(1);
                System.out.printf("postgres head-end: %d intervals sampled, %d grid.energy readings stored, outbox peak %d"
                                + " readings, %d resends ignored, 0 conflicts; %s%n", sampled.size(), stored.size(),
                        node.stream().mapToInt(PostgresHeadEndIT::pending).max().orElse(0), headEnd.store().duplicates(EP),
                        headEndLog.line("head-end storage back after"));
            }
        } finally {
            System.setErr(stderr);
        }
    }

    /** The interval ends the node says it sampled grid.energy at. */
    private static Set<Instant> sampled(OutputLog node) {
        Set<Instant> out = new TreeSet<>();
        for (String line : node.snapshot()) {
            Matcher m = INTERVAL.matcher(line);
            if (m.find()) {
                out.add(Instant.parse(m.group(1)));
            }
        }
        return out;
    }

    private static List<ReceivedReading> grid(HeadEnd headEnd) {
        return headEnd.store().readings(EP, "grid.energy");
    }

    /** The outbox depth a node's interval line reports, or -1 for other lines. */
    private static int pending(String line) {
        Matcher m = line == null ? null : INTERVAL.matcher(line);
        return m != null && m.find() ? Integer.parseInt(m.group(2)) : -1;
    }

    /** Copies what is written to stderr on, and hands each complete line to a log the test can read. */
    private static final class LineTee extends OutputStream {
        private final PrintStream out;
        private final OutputLog lines;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineTee(PrintStream out, OutputLog lines) {
            this.out = out;
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            out.write(b);
            if (b == '\n') {
                lines.add(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }
    }
}
