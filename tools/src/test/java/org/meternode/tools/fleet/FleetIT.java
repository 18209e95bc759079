package org.meternode.tools.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.tools.cli.Meterctl;
import org.meternode.tools.headend.HeadEnd;
import org.meternode.tools.headend.HeadEndOptions;
import org.meternode.tools.headend.PskEntry;
import picocli.CommandLine;

/**
 * {@code meterctl fleet} as a user runs it: {@code fleet psks} writes the credentials, a real
 * head-end (in this JVM, loopback DTLS, a temporary SQLite file) accepts them, and 120 virtual nodes
 * report 3 intervals of 3 streams: every reading arrives exactly once with its value.
 */
class FleetIT {
    private static final int NODES = 120;
    private static final int STREAMS = 3;
    private static final int INTERVALS = 3;

    @TempDir
    Path dir;

    @Test
    void every_reading_of_120_nodes_is_stored_exactly_once() throws Exception {
        Path psks = dir.resolve("fleet.psk");
        Path db = dir.resolve("head-end.db");
        Run made = meterctl("fleet", "psks", "--nodes", String.valueOf(NODES), "--prefix", "it-", "--out",
                psks.toString());
        assertThat(made.code).as(made.err).isZero();
        List<PskEntry> entries = PskFile.read(psks);
        assertThat(entries).hasSize(NODES);

        List<String> headEndLines = new CopyOnWriteArrayList<>();
        try (HeadEnd headEnd = new HeadEnd(HeadEndOptions.psk(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), db, entries), headEndLines::add)) {
            headEnd.start();
            Run run = meterctl("fleet", "--nodes", String.valueOf(NODES), "--server", headEnd.uri().toString(),
                    "--psk-file", psks.toString(), "--prefix", "it-", "--interval", "4s", "--duration",
                    (4 * INTERVALS) + "s", "--streams", String.valueOf(STREAMS), "--seed", "7", "--db", db.toString(),
                    "--report-every", "2s");
            assertThat(run.code).as(run.out + run.err).isZero();
            long expected = (long) NODES * INTERVALS * STREAMS;
            assertThat(run.out)
                    .contains("fleet: " + NODES + " nodes, " + STREAMS + " stream(s), interval 4 s, 3 interval(s)")
                    .containsPattern("registered " + NODES + "/" + NODES + ", [0-9.]+ registrations/s, [0-9.]+ Sends/s,"
                            + " Send RTT p50 [0-9.]+ ms p99 [0-9.]+ ms")
                    .contains(NODES + " registrations acknowledged")
                    .contains("readings: expected " + expected + ", stored " + expected + ", lost 0, wrong value 0");
            assertThat(headEndLines.stream().filter(l -> l.contains(" registered from "))).hasSize(NODES);
            try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
                    ResultSet rs = sql.createStatement().executeQuery(
                            "SELECT COUNT(*), COUNT(DISTINCT endpoint), COUNT(DISTINCT channel) FROM readings")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(expected);
                assertThat(rs.getLong(2)).isEqualTo(NODES);
                // Named streams, as SendIngest names a real node's: grid.energy, grid.power, grid.voltage.
                assertThat(rs.getLong(3)).isEqualTo(STREAMS);
            }
            assertThat(headEnd.store().readings("it-00001", "grid.energy")).hasSize(INTERVALS)
                    .extracting(r -> r.value()).isSorted();
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run meterctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Meterctl.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
