package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.config.ConfigLoader;
import org.meternode.app.events.SecurityEvents;
import org.meternode.app.node.MeterNode;
import org.meternode.tools.launch.SimNodeSetup;

/**
 * A real node whose outbox is damaged on disk while it is off: readings stored before (undelivered:
 * the head-end did not know the node yet) must reach the head-end or stay in the kept file, the node
 * goes on metering, and the damage is an event and a health line.
 */
class DamagedOutboxIT {
    private static final String EP = "meter-damaged-1";

    @TempDir
    Path dir;

    record Key(String stream, Instant at) {
    }

    @Test
    void a_damaged_index_costs_no_reading_and_the_node_meters_on() throws Exception {
        try (RigHeadEnd rig = new RigHeadEnd(dir.resolve("head-end.db"), 0)) {
            SimNodeSetup.Written w = SimNodeSetup.write(dir.resolve("node"), EP, rig.headEnd.uri(), "1m", 600, 11);
            Path db = dir.resolve("node/state/outbox.db");
            // 1. The head-end does not know the node's key yet: everything sampled stays in the outbox.
            runUntil(w, node -> node.outbox().pendingCount() >= 20);
            Set<Key> stored = keys(db, "SELECT channel, at_ms FROM readings");
            assertThat(stored).hasSizeGreaterThanOrEqualTo(20);

            // 2. Off: garbage over the cells of the readings' unique index (SQLite still reads the table).
            int page = scalar(db, "SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_readings_1'");
            try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
                byte[] garbage = new byte[4096 - 200];
                new Random(19).nextBytes(garbage);
                f.seek((page - 1L) * 4096 + 200);
                f.write(garbage);
            }

            // 3. On again, with the head-end now knowing the node.
            rig.headEnd.addPsk(w.psk());
            MeterNode node = MeterNode.open(ConfigLoader.load(w.config()).config());
            Thread loop = Thread.ofPlatform().name("node-under-test").start(() -> {
                try (node) {
                    node.run();
                } catch (InterruptedException ignored) {
                    // stopped by the test
                }
            });
            try {
                assertThat(node.management().health().storageDamage()).contains(db.toString()).contains("salvaged");
                assertThat(node.events().all()).anyMatch(e -> e.kind().equals(SecurityEvents.STATE_DAMAGED)
                        && e.detail().contains("outbox.db"));
                await().atMost(Duration.ofSeconds(60)).until(() -> received(rig, stored).containsAll(stored)
                        && received(rig, stored).stream().anyMatch(k -> k.at().isAfter(latest(stored))));
            } finally {
                loop.interrupt();
                loop.join(20_000);
            }
            List<Path> kept;
            try (Stream<Path> files = Files.list(db.getParent())) {
                kept = files.filter(p -> p.getFileName().toString().matches("outbox\\.db\\.damaged-\\d{8}T\\d{6}Z")).toList();
            }
            assertThat(kept).hasSize(1);
            assertThat(keys(kept.get(0), "SELECT channel, at_ms FROM readings NOT INDEXED")).as("the kept file, read by SQLite")
                    .isEqualTo(stored);
            assertThat(rig.headEnd.store().duplicates(EP)).isZero();
            System.out.println("surface damaged-outbox end-to-end: " + stored.size()
                    + " readings stored before the damage, all delivered after it; kept file " + kept.get(0).getFileName());
        }
    }

    private static Set<Key> received(RigHeadEnd rig, Set<Key> stored) {
        Set<Key> out = new HashSet<>();
        stored.stream().map(Key::stream).distinct().forEach(stream -> rig.readings(EP, stream)
                .forEach(r -> out.add(new Key(r.channel(), r.at()))));
        return out;
    }

    private static Instant latest(Set<Key> keys) {
        return keys.stream().map(Key::at).max(Instant::compareTo).orElseThrow();
    }

    interface Until {
        boolean done(MeterNode node);
    }

    private static void runUntil(SimNodeSetup.Written w, Until until) throws Exception {
        MeterNode node = MeterNode.open(ConfigLoader.load(w.config()).config());
        Thread loop = Thread.ofPlatform().name("node-before-damage").start(() -> {
            try (node) {
                node.run();
            } catch (InterruptedException ignored) {
                // stopped by the test
            }
        });
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> until.done(node));
        } finally {
            loop.interrupt();
            loop.join(20_000);
        }
    }

    private static Set<Key> keys(Path db, String sql) throws Exception {
        Set<Key> out = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(new Key(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))));
            }
        }
        return out;
    }

    private static int scalar(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.getInt(1);
        }
    }
}
