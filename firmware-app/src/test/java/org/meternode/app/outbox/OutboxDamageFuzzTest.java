package org.meternode.app.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.reading.Reading;

/**
 * A damaged outbox on disk, case by case from a fixed seed: a prepared outbox (a checkpointed file,
 * and a file with committed transactions still in its WAL, as a power cut leaves it) is truncated,
 * overwritten with random bytes (header, b-tree pages), given a garbage WAL or another database's WAL,
 * or emptied; then opened through {@link OutboxRecovery}. Every case must open a working outbox, and
 * every reading stored before the damage must either be in it or be in a kept file reported as
 * damaged; counter totals never step back unless the loss is reported.
 * 10,000 cases by default (about 25 s on the shared build machine); {@code -Dmeternode.fuzz.tries=N} runs more.
 */
class OutboxDamageFuzzTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T00:00:00Z"), ZoneOffset.UTC);
    private static final int TRIES = Integer.getInteger("meternode.fuzz.tries", 10_000);
    private static final int PAGE = 4096;

    @TempDir
    static Path prepared;

    static byte[] checkpointedDb;
    static byte[] walDb;
    static byte[] walWal;
    static byte[] otherWal;
    static Set<Reading> stored;
    static Set<Reading> storedInCheckpointed;
    static Map<String, CounterState> counters;
    static int boundaryCuts;

    enum Kind { TRUNCATE_DB, BYTES_OVER_PAGE1, BYTES_OVER_BTREE_PAGE, GARBAGE_WAL, OTHER_WAL, TRUNCATE_WAL, ZERO_LENGTH }

    @BeforeAll
    static void prepare() throws IOException {
        Path a = prepared.resolve("a/outbox.db");
        try (Outbox o = Outbox.open(a, CLOCK)) {
            write(o, 0, 30);
        }
        checkpointedDb = Files.readAllBytes(a);
        Path b = prepared.resolve("b/outbox.db");
        try (Outbox o = Outbox.open(b, CLOCK)) {
            write(o, 0, 30);
            storedInCheckpointed = new HashSet<>(readings(o));
        }
        try (Outbox o = Outbox.open(b, CLOCK)) {
            write(o, 30, 45);
            // a power cut now: the last intervals are committed in the WAL only
            walDb = Files.readAllBytes(b);
            walWal = Files.readAllBytes(OutboxRecovery.sibling(b, "-wal"));
            stored = new HashSet<>(readings(o));
            counters = o.counterStates();
        }
        Path c = prepared.resolve("c/other.db");
        Files.createDirectories(c.getParent());
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + c); Statement st = other.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.executeUpdate("CREATE TABLE samples (id INTEGER PRIMARY KEY, body TEXT)");
            for (int i = 0; i < 200; i++) {
                st.executeUpdate("INSERT INTO samples(body) VALUES ('another database, row " + i + "')");
            }
            otherWal = Files.readAllBytes(OutboxRecovery.sibling(c, "-wal"));
        } catch (java.sql.SQLException e) {
            throw new IOException(e);
        }
        assertThat(walWal.length).isGreaterThan(PAGE);
        assertThat(stored).hasSizeGreaterThan(storedInCheckpointed.size());
    }

    private static void write(Outbox o, int from, int to) {
        for (int i = from; i < to; i++) {
            Instant end = T0.plus(Duration.ofMinutes(15L * i));
            List<Reading> rs = new ArrayList<>();
            Map<String, CounterState> cs = new HashMap<>();
            for (String ch : List.of("grid", "water", "pv")) {
                rs.add(Reading.of(ch + ".energy", end, BigDecimal.valueOf(1000L + i * 7L, 3), "kWh",
                        Reading.Quality.GOOD));
                cs.put(ch, new CounterState(500L + i * 7L, 20L, end,
                        CounterState.Scale.from(BigDecimal.valueOf(1000))));
            }
            o.appendInterval(end, rs, cs);
        }
    }

    private static List<Reading> readings(Outbox o) {
        return o.pending(100_000).stream().map(StoredReading::reading).toList();
    }

    @Test
    void every_damaged_outbox_opens_and_loses_no_stored_reading_silently(@TempDir Path disk) throws IOException {
        // the cases run on tmpfs where there is one: a real filesystem whose fsync costs nothing
        Path shm = Path.of("/dev/shm");
        Path work = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "outbox-damage-")
                : disk;
        Random random = new Random(0x0DB5EEDL);
        Map<Kind, Integer> perKind = new HashMap<>();
        int detected = 0;
        int intact = 0;
        long salvagedReadings = 0;
        long unsalvagedReadings = 0;
        int countersLost = 0;
        int crashes = 0;
        int unexpected = 0;
        boundaryCuts = 0;
        List<String> firstProblems = new ArrayList<>();
        for (int n = 0; n < TRIES; n++) {
            Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
            perKind.merge(kind, 1, Integer::sum);
            Path dir = Files.createDirectory(work.resolve("case" + n));
            Path file = dir.resolve("outbox.db");
            boolean withWal = kind == Kind.GARBAGE_WAL || kind == Kind.OTHER_WAL || kind == Kind.TRUNCATE_WAL
                    || random.nextBoolean();
            Set<Reading> expected = withWal ? stored : storedInCheckpointed;
            byte[] db = (withWal ? walDb : checkpointedDb).clone();
            byte[] wal = withWal ? walWal.clone() : null;
            switch (kind) {
                case TRUNCATE_DB -> db = Arrays.copyOf(db, random.nextInt(db.length));
                case BYTES_OVER_PAGE1 -> scribble(random, db, 0, Math.min(PAGE, db.length), 1 + random.nextInt(64));
                case BYTES_OVER_BTREE_PAGE -> {
                    int page = 1 + random.nextInt(Math.max(1, db.length / PAGE - 1));
                    scribble(random, db, page * PAGE, PAGE, 1 + random.nextInt(random.nextBoolean() ? 16 : PAGE));
                }
                case GARBAGE_WAL -> {
                    wal = new byte[random.nextInt(3 * PAGE)];
                    random.nextBytes(wal);
                }
                case OTHER_WAL -> wal = otherWal.clone();
                case TRUNCATE_WAL -> {
                    int cut = random.nextInt(wal.length);
                    wal = Arrays.copyOf(wal, cut);
                    if (cut > 32 && (cut - 32) % (24 + PAGE) == 0) {
                        // cut exactly after a whole frame: the WAL format cannot tell it from a shorter WAL
                        boundaryCuts++;
                        deleteTree(dir);
                        continue;
                    }
                }
                case ZERO_LENGTH -> {
                    db = new byte[0];
                    wal = null;
                }
            }
            Files.write(file, db);
            if (wal != null) {
                Files.write(OutboxRecovery.sibling(file, "-wal"), wal);
            }
            try {
                OutboxRecovery.Opened opened = OutboxRecovery.open(file, CLOCK);
                try (Outbox o = opened.outbox()) {
                    Set<Reading> live = new HashSet<>(readings(o));
                    Map<String, CounterState> liveCounters = o.counterStates();
                    o.appendInterval(T0.plus(Duration.ofDays(30)), List.of(Reading.of("grid.energy",
                            T0.plus(Duration.ofDays(30)), BigDecimal.ONE, "kWh", Reading.Quality.GOOD)), Map.of());
                    String problem = check(kind, expected, opened, live, liveCounters, dir, db, wal);
                    if (opened.damage().isEmpty()) {
                        intact++;
                    } else {
                        detected++;
                    }
                    if (opened.damage().stream().anyMatch(OutboxRecovery.Damage::countersLost)) {
                        countersLost++;
                    }
                    long kept = expected.stream().filter(live::contains).count();
                    if (!opened.damage().isEmpty()) {
                        salvagedReadings += kept;
                        unsalvagedReadings += expected.size() - kept;
                    }
                    if (problem != null) {
                        unexpected++;
                        if (firstProblems.size() < 5) {
                            firstProblems.add("case " + n + " " + kind + ": " + problem);
                        }
                    }
                }
            } catch (RuntimeException e) {
                crashes++;
                if (firstProblems.size() < 5) {
                    firstProblems.add("case " + n + " " + kind + ": crash " + e);
                }
            }
            deleteTree(dir);
        }
        deleteTree(work);
        System.out.println("surface damaged-outbox: " + TRIES + " cases " + perKind + ", " + detected
                + " moved aside and reported, " + intact + " opened intact, " + salvagedReadings
                + " readings salvaged and " + unsalvagedReadings + " left only in the kept file, " + countersLost
                + " with counter state reported lost, " + crashes + " crashes, " + unexpected
                + " unexpected state changes, " + boundaryCuts
                + " WAL cut exactly at a frame boundary (undetectable by the WAL format, not counted)");
        assertThat(firstProblems).isEmpty();
        assertThat(crashes).isZero();
        assertThat(unexpected).isZero();
    }

    /** Why the outcome of one case is wrong, null if it is right. */
    private static String check(Kind kind, Set<Reading> expected, OutboxRecovery.Opened opened, Set<Reading> live,
            Map<String, CounterState> liveCounters, Path dir, byte[] db, byte[] wal) throws IOException {
        List<OutboxRecovery.Damage> damage = opened.damage();
        for (OutboxRecovery.Damage d : damage) {
            if (!Files.exists(d.keptAs())) {
                return "reported kept file " + d.keptAs() + " does not exist";
            }
            String text = d.describe();
            if (!text.contains(d.damaged().toString()) || d.error().isBlank() || d.error().equals("null")) {
                return "the report does not name the file and the error: " + text;
            }
        }
        boolean dbMoved = damage.stream().anyMatch(d -> d.damaged().getFileName().toString().equals("outbox.db"));
        boolean walMoved = damage.stream().anyMatch(d -> d.damaged().getFileName().toString().equals("outbox.db-wal"));
        if (dbMoved) {
            Path kept = damage.stream().filter(d -> d.damaged().getFileName().toString().equals("outbox.db"))
                    .findFirst().orElseThrow().keptAs();
            if (wal == null && !Arrays.equals(Files.readAllBytes(kept), db)) {
                return "the kept file is not the file as found";
            }
        }
        Set<Reading> foreign = new HashSet<>(live);
        foreign.removeAll(expected);
        if (!foreign.isEmpty() && damage.isEmpty()) {
            return foreign.size() + " reading(s) appeared that were never stored, unreported: " + foreign.iterator().next();
        }
        Set<Reading> missing = new HashSet<>(expected);
        missing.removeAll(live);
        if (!missing.isEmpty() && damage.isEmpty()) {
            return missing.size() + " stored reading(s) silently gone, e.g. " + missing.iterator().next();
        }
        boolean countersReported = damage.stream().anyMatch(OutboxRecovery.Damage::countersLost) || walMoved;
        for (Map.Entry<String, CounterState> c : counters.entrySet()) {
            CounterState now = liveCounters.get(c.getKey());
            long expectedTotal = expected == stored ? c.getValue().total() : 20L + 500L + 29 * 7L;
            if ((now == null || now.total() < expectedTotal) && !countersReported) {
                return "counter '" + c.getKey() + "' stepped back to " + (now == null ? "nothing" : now.total())
                        + " from " + expectedTotal + " without a report";
            }
        }
        return null;
    }

    private static void scribble(Random random, byte[] b, int from, int span, int length) {
        if (b.length == 0 || from >= b.length) {
            return;
        }
        int start = from + random.nextInt(Math.max(1, Math.min(span, b.length - from)));
        for (int i = start; i < Math.min(b.length, start + length); i++) {
            b[i] = (byte) random.nextInt(256);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted((x, y) -> y.getNameCount() - x.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
