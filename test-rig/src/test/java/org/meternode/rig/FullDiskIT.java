package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk for real: the node runs in a child JVM inside its own mount namespace on a 4 MiB tmpfs
 * ({@code unshare -m}, root only), the disk is filled and freed again. Storing fails and health says
 * so (device error code 5), the node keeps running, and when space returns the totals go on with
 * no gap and no step back.
 */
class FullDiskIT {
    @TempDir
    Path dir;

    record Row(Instant at, double value, String quality) {
    }

    @Test
    void a_full_disk_stops_storing_not_metering_and_the_totals_go_on_when_space_returns() throws Exception {
        assumeTrue(ProcessHandle.current().info().user().map("root"::equals).orElse(false), "needs root for unshare -m");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "needs unshare");
        Path mount = Files.createDirectory(dir.resolve("small-disk"));
        Path out = dir.resolve("out");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path log = dir.resolve("child.log");
        Process p = new ProcessBuilder("unshare", "-m", "sh", "-c",
                "mount -t tmpfs -o size=4m tmpfs \"$0\" && exec \"$1\" -Xmx256m --enable-native-access=ALL-UNNAMED"
                        + " -cp \"$2\" org.meternode.rig.FullDiskNode \"$0\" \"$3\"",
                mount.toString(), java, System.getProperty("java.class.path"), out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(240, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(log);
        List<String> marks = lines.stream().filter(l -> l.matches("^(FILLED|STORE-PROBLEM|STILL-PROBLEM|STORE-OK|DONE|NODE-DIED).*"))
                .toList();
        assertThat(ended).as("child ended; its marks: %s", marks).isTrue();
        assertThat(p.exitValue()).as("child exit; marks: %s; tail: %s", marks,
                lines.subList(Math.max(0, lines.size() - 30), lines.size())).isZero();
        assertThat(marks).noneMatch(l -> l.startsWith("NODE-DIED"));
        assertThat(marks).anyMatch(l -> l.startsWith("STORE-PROBLEM outbox cannot store intervals since")
                && l.contains("SQLITE_FULL"));
        assertThat(marks).contains("STILL-PROBLEM true alive true");
        assertThat(marks).anyMatch(l -> l.startsWith("STORE-OK"));
        assertThat(marks).contains("DONE alive-at-end false");

        List<Row> energy = rows(out.resolve("outbox.db"), "grid.energy");
        int gaps = 0;
        int estimated = 0;
        for (int i = 1; i < energy.size(); i++) {
            assertThat(energy.get(i).value()).as("total at %s never steps back", energy.get(i).at())
                    .isGreaterThanOrEqualTo(energy.get(i - 1).value());
            if (!Duration.between(energy.get(i - 1).at(), energy.get(i).at()).equals(Duration.ofMinutes(1))) {
                gaps++;
            }
            if (energy.get(i).quality().equals("INTERPOLATED")) {
                estimated++;
            }
        }
        assertThat(gaps).as("interval ends missed while the disk was full are back-filled").isZero();
        assertThat(estimated).as("back-filled ends are marked INTERPOLATED").isPositive();
        assertThat(energy).extracting(Row::quality).doesNotContain("FAULT");
        System.out.println("surface full-disk: 1 real 4 MiB tmpfs filled and freed, " + energy.size()
                + " grid.energy totals, " + estimated + " back-filled while full, " + gaps + " gaps, 0 steps back; "
                + String.join(" | ", marks));
    }

    private static List<Row> rows(Path db, String stream) throws Exception {
        List<Row> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT at_ms, mantissa, exponent, quality FROM readings WHERE channel = '"
                        + stream + "' ORDER BY at_ms")) {
            while (rs.next()) {
                out.add(new Row(Instant.ofEpochMilli(rs.getLong(1)), rs.getLong(2) * Math.pow(10, rs.getInt(3)),
                        rs.getString(4)));
            }
        }
        return out;
    }
}
