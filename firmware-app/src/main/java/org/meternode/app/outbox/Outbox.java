package org.meternode.app.outbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meternode.app.reading.Reading;

/**
 * The durable store of readings not yet acknowledged by the server, and of the counter state that
 * must survive a power cut. SQLite in WAL mode with {@code synchronous=FULL}: one transaction per
 * sampling interval, so an interval is either wholly on disk or not at all. Readings are deleted only
 * after the server acknowledged them ({@link #markDelivered(long)}).
 */
public final class Outbox implements AutoCloseable {
    /** The queue, oldest first, in the columns {@link #storedReading} reads. */
    private static final String PENDING =
            "SELECT seq, channel, at_ms, mantissa, exponent, unit, quality FROM readings ORDER BY seq";
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS readings (
              seq      INTEGER PRIMARY KEY AUTOINCREMENT,
              channel  TEXT    NOT NULL,
              at_ms    INTEGER NOT NULL,
              mantissa INTEGER NOT NULL,
              exponent INTEGER NOT NULL,
              unit     TEXT    NOT NULL,
              quality  TEXT    NOT NULL,
              UNIQUE (channel, at_ms));
            CREATE TABLE IF NOT EXISTS counters (
              channel   TEXT PRIMARY KEY,
              raw_total INTEGER NOT NULL,
              base      INTEGER NOT NULL,
              at_ms     INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS rejected (
              seq         INTEGER PRIMARY KEY,
              channel     TEXT    NOT NULL,
              at_ms       INTEGER NOT NULL,
              mantissa    INTEGER NOT NULL,
              exponent    INTEGER NOT NULL,
              unit        TEXT    NOT NULL,
              quality     TEXT    NOT NULL,
              reason      TEXT    NOT NULL,
              rejected_ms INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS meta (
              key   TEXT PRIMARY KEY,
              value TEXT NOT NULL);
            """;
    private static final String LAST_INTERVAL_END = "last_interval_end_ms";
    private static final String DELIVERED_UP_TO = "delivered_up_to_seq";

    private final Path file;
    private final Connection db;
    private final Clock clock;

    private Outbox(Path file, Connection db, Clock clock) {
        this.file = file;
        this.db = db;
        this.clock = clock;
    }

    /** Opens (creating if needed) the outbox database at {@code file}; deliveries timed on the system clock. */
    public static Outbox open(Path file) {
        return open(file, Clock.systemUTC());
    }

    /** Opens (creating if needed) the outbox database at {@code file}; deliveries timed on {@code clock}. */
    public static Outbox open(Path file, Clock clock) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try {
                prepare(db);
            } catch (SQLException e) {
                // a file SQLite cannot use must not stay open (it may be moved aside next)
                try {
                    db.close();
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
            return new Outbox(file, db, java.util.Objects.requireNonNull(clock, "clock"));
        } catch (java.io.IOException | SQLException e) {
            throw new OutboxException("outbox " + file + ": cannot open: " + e.getMessage(), e);
        }
    }

    private static void prepare(Connection db) throws SQLException {
        try (Statement st = db.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=FULL");
            st.execute("PRAGMA busy_timeout=5000");
            refuseForeignDatabase(st);
            for (String ddl : SCHEMA.split(";")) {
                if (!ddl.isBlank()) {
                    st.executeUpdate(ddl);
                }
            }
            addScaleColumns(st);
        }
    }

    /**
     * A database that has tables but neither readings nor counters is not an outbox (a WAL of another database
     * replayed over it, a wrong file): creating the schema in it would hide that every reading is gone.
     */
    private static void refuseForeignDatabase(Statement st) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        if (!tables.isEmpty() && !tables.contains("readings") && !tables.contains("counters")) {
            throw new SQLException("not an outbox database: no readings or counters table (its tables: "
                    + String.join(", ", tables.subList(0, Math.min(5, tables.size()))) + ")");
        }
    }

    /** Counter states written before pulse constants were kept get the columns (as NULL: no scale). */
    private static void addScaleColumns(Statement st) throws SQLException {
        boolean present = false;
        try (ResultSet rs = st.executeQuery("SELECT name FROM pragma_table_info('counters') WHERE name = 'factor'")) {
            present = rs.next();
        }
        if (!present) {
            st.executeUpdate("ALTER TABLE counters ADD COLUMN factor TEXT");
            st.executeUpdate("ALTER TABLE counters ADD COLUMN scale_total INTEGER");
            st.executeUpdate("ALTER TABLE counters ADD COLUMN scale_value TEXT");
        }
    }

    public Path file() {
        return file;
    }

    /**
     * What SQLite's full integrity check finds wrong with the file ({@code PRAGMA integrity_check}:
     * b-tree structure, record format, index against table), empty if it finds nothing. SQLite keeps
     * no checksum of a row's values, so a changed value inside an intact record goes unnoticed.
     */
    public synchronized Optional<String> integrityProblem() {
        List<String> problems = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("PRAGMA integrity_check(20)")) {
            while (rs.next()) {
                problems.add(rs.getString(1));
            }
        } catch (SQLException e) {
            return Optional.of(e.getMessage());
        }
        return problems.equals(List.of("ok")) ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /**
     * Stores what was salvaged from a damaged outbox in one transaction: its readings (original times,
     * values and qualities, new sequence numbers, in their old order), its counter states and its last
     * interval end. Readings already stored are skipped, as in {@link #appendInterval}.
     */
    public synchronized void restore(List<Reading> readings, Map<String, CounterState> counters,
            Optional<Instant> lastIntervalEnd) {
        Instant end = lastIntervalEnd.or(this::lastIntervalEnd).orElse(null);
        appendInterval(end == null ? Instant.EPOCH : end, readings, counters);
        if (end == null) {
            inTransaction("forget the placeholder interval end", () -> {
                try (PreparedStatement st = db.prepareStatement("DELETE FROM meta WHERE key = ?")) {
                    st.setString(1, LAST_INTERVAL_END);
                    st.executeUpdate();
                }
            });
        }
    }

    /**
     * Stores one interval atomically: its readings, the counter states they were computed from and
     * the interval end. A reading whose (channel, time) is already stored is skipped, so replaying an
     * interval after a crash cannot duplicate it.
     */
    public synchronized void appendInterval(Instant intervalEnd, List<Reading> readings,
            Map<String, CounterState> counters) {
        inTransaction("store interval " + intervalEnd, () -> {
            try (PreparedStatement ins = db.prepareStatement(
                    "INSERT OR IGNORE INTO readings(channel, at_ms, mantissa, exponent, unit, quality)"
                            + " VALUES (?,?,?,?,?,?)");
                    PreparedStatement cnt = db.prepareStatement(
                            "INSERT OR REPLACE INTO counters(channel, raw_total, base, at_ms, factor, scale_total,"
                                    + " scale_value) VALUES (?,?,?,?,?,?,?)")) {
                for (Reading r : readings) {
                    ins.setString(1, r.channel());
                    ins.setLong(2, r.at().toEpochMilli());
                    ins.setLong(3, r.mantissa());
                    ins.setInt(4, r.exponent());
                    ins.setString(5, r.unit());
                    ins.setString(6, r.quality().name());
                    ins.addBatch();
                }
                ins.executeBatch();
                for (Map.Entry<String, CounterState> e : counters.entrySet()) {
                    cnt.setString(1, e.getKey());
                    cnt.setLong(2, e.getValue().rawTotal());
                    cnt.setLong(3, e.getValue().base());
                    cnt.setLong(4, e.getValue().at().toEpochMilli());
                    CounterState.Scale scale = e.getValue().scale();
                    cnt.setString(5, scale == null ? null : scale.factor().toPlainString());
                    if (scale == null) {
                        cnt.setNull(6, java.sql.Types.INTEGER);
                    } else {
                        cnt.setLong(6, scale.total());
                    }
                    cnt.setString(7, scale == null ? null : scale.value().toPlainString());
                    cnt.addBatch();
                }
                cnt.executeBatch();
                putMeta(LAST_INTERVAL_END, Long.toString(intervalEnd.toEpochMilli()));
            }
        });
    }

    /** The end of the last interval stored, if any. */
    public synchronized Optional<Instant> lastIntervalEnd() {
        return meta(LAST_INTERVAL_END).map(v -> Instant.ofEpochMilli(Long.parseLong(v)));
    }

    public synchronized Map<String, CounterState> counterStates() {
        Map<String, CounterState> states = new HashMap<>();
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT channel, raw_total, base, at_ms, factor, scale_total,"
                        + " scale_value FROM counters")) {
            while (rs.next()) {
                String factor = rs.getString(5);
                CounterState.Scale scale = factor == null ? null : new CounterState.Scale(new java.math.BigDecimal(factor),
                        rs.getLong(6), new java.math.BigDecimal(rs.getString(7)));
                states.put(rs.getString(1), new CounterState(rs.getLong(2), rs.getLong(3),
                        Instant.ofEpochMilli(rs.getLong(4)), scale));
            }
            return states;
        } catch (SQLException e) {
            throw new OutboxException("outbox " + file + ": cannot read counters: " + e.getMessage(), e);
        }
    }

    /** Up to {@code limit} undelivered readings, oldest (lowest sequence) first. */
    public synchronized List<StoredReading> pending(int limit) {
        List<StoredReading> out = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement(
                PENDING + " LIMIT ?")) {
            st.setInt(1, limit);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(storedReading(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new OutboxException("outbox " + file + ": cannot read pending readings: " + e.getMessage(), e);
        }
    }

    /**
     * Reads every stored reading once, row by row, keeping none: a value whose record SQLite finds
     * intact but whose bytes no longer parse throws, as {@link #pending} would when it reaches it.
     * Returns how many were read. Memory stays flat however long the backlog is.
     */
    public synchronized long checkStoredReadings() {
        long n = 0;
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(PENDING)) {
            while (rs.next()) {
                storedReading(rs);
                n++;
            }
            return n;
        } catch (SQLException e) {
            throw new OutboxException("outbox " + file + ": cannot read pending readings: " + e.getMessage(), e);
        }
    }

    /** Forgets every reading up to and including {@code seq}: the server acknowledged them. */
    public synchronized void markDelivered(long seq) {
        inTransaction("mark delivered up to " + seq, () -> {
            try (PreparedStatement st = db.prepareStatement("DELETE FROM readings WHERE seq <= ?")) {
                st.setLong(1, seq);
                st.executeUpdate();
            }
            putMeta(DELIVERED_UP_TO, Long.toString(seq));
            putMeta("state.last-send-ms", Long.toString(clock.millis()));
        });
    }

    /**
     * Moves the readings {@code seqs} from the queue to the rejected table, with {@code reason}, in
     * one transaction: they are never sent, never lost, and no longer block the readings after them.
     */
    public synchronized void reject(List<Long> seqs, String reason) {
        inTransaction("set aside rejected readings " + seqs, () -> {
            try (PreparedStatement copy = db.prepareStatement(
                    "INSERT OR REPLACE INTO rejected(seq, channel, at_ms, mantissa, exponent, unit, quality, reason,"
                            + " rejected_ms) SELECT seq, channel, at_ms, mantissa, exponent, unit, quality, ?, ?"
                            + " FROM readings WHERE seq = ?");
                    PreparedStatement delete = db.prepareStatement("DELETE FROM readings WHERE seq = ?")) {
                long now = clock.millis();
                for (long seq : seqs) {
                    copy.setString(1, reason);
                    copy.setLong(2, now);
                    copy.setLong(3, seq);
                    copy.addBatch();
                    delete.setLong(1, seq);
                    delete.addBatch();
                }
                copy.executeBatch();
                delete.executeBatch();
            }
        });
    }

    /** One write transaction of the outbox. */
    @FunctionalInterface
    private interface Work {
        void run() throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction; on any failure it is rolled back before auto-commit is
     * restored (which would otherwise commit half of it), and the failure names {@code what}.
     */
    private void inTransaction(String what, Work work) {
        OutboxException failure = null;
        try {
            db.setAutoCommit(false);
            work.run();
            db.commit();
        } catch (SQLException | RuntimeException e) {
            rollback();
            failure = new OutboxException("outbox " + file + ": cannot " + what + ": " + e.getMessage(), e);
        }
        try {
            autoCommit();
        } catch (OutboxException e) {
            // the first failure (a full disk, say) is the one to report, not its aftermath
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A reading from columns 1..7: seq, channel, at_ms, mantissa, exponent, unit, quality. */
    private static StoredReading storedReading(ResultSet rs) throws SQLException {
        return new StoredReading(rs.getLong(1), new Reading(rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                rs.getLong(4), rs.getInt(5), rs.getString(6), Reading.Quality.valueOf(rs.getString(7))));
    }

    /** Readings set aside as undeliverable (kept, never sent). */
    public synchronized long rejectedCount() {
        return scalar("SELECT COUNT(*) FROM rejected");
    }

    /** Up to {@code limit} rejected readings, most recently rejected first. */
    public synchronized List<RejectedReading> rejected(int limit) {
        List<RejectedReading> out = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement(
                "SELECT seq, channel, at_ms, mantissa, exponent, unit, quality, reason, rejected_ms FROM rejected"
                        + " ORDER BY rejected_ms DESC, seq LIMIT ?")) {
            st.setInt(1, limit);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new RejectedReading(storedReading(rs), rs.getString(8),
                            Instant.ofEpochMilli(rs.getLong(9))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new OutboxException("outbox " + file + ": cannot read rejected readings: " + e.getMessage(), e);
        }
    }

    /** A piece of node state kept beside the readings (flags, counters), if set. */
    public synchronized Optional<String> state(String key) {
        return meta("state." + key);
    }

    /** Stores a piece of node state durably (one transaction, fsynced like the readings). */
    public synchronized void putState(String key, String value) {
        try {
            putMeta("state." + key, value);
        } catch (SQLException e) {
            throw new OutboxException("outbox " + file + ": cannot store state " + key + ": " + e.getMessage(), e);
        }
    }

    /** Forgets every piece of node state (factory reset). */
    public synchronized void clearState() {
        try (Statement st = db.createStatement()) {
            st.executeUpdate("DELETE FROM meta WHERE key LIKE 'state.%'");
        } catch (SQLException e) {
            throw new OutboxException("outbox " + file + ": cannot clear state: " + e.getMessage(), e);
        }
    }

    /** Deletes every undelivered reading (factory reset with wipe). */
    public synchronized void clearReadings() {
        try (Statement st = db.createStatement()) {
            st.executeUpdate("DELETE FROM readings");
        } catch (SQLException e) {
            throw new OutboxException("outbox " + file + ": cannot clear readings: " + e.getMessage(), e);
        }
    }

    /** When the server last acknowledged readings (wall time), if ever. */
    public synchronized Optional<Instant> lastDelivery() {
        return meta("state.last-send-ms").map(v -> Instant.ofEpochMilli(Long.parseLong(v)));
    }

    /** The highest sequence number the server has acknowledged, 0 if none. */
    public synchronized long deliveredUpTo() {
        return meta(DELIVERED_UP_TO).map(Long::parseLong).orElse(0L);
    }

    public synchronized long pendingCount() {
        return scalar("SELECT COUNT(*) FROM readings");
    }

    /** The time of the oldest undelivered reading. */
    public synchronized Optional<Instant> oldestPending() {
        long ms = scalar("SELECT COALESCE(MIN(at_ms), -1) FROM readings");
        return ms < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ms));
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new OutboxException("outbox " + file + ": cannot close: " + e.getMessage(), e);
        }
    }

    private long scalar(String sql) {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new OutboxException("outbox " + file + ": query failed: " + e.getMessage(), e);
        }
    }

    private Optional<String> meta(String key) {
        try (PreparedStatement st = db.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            st.setString(1, key);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new OutboxException("outbox " + file + ": cannot read " + key + ": " + e.getMessage(), e);
        }
    }

    private void putMeta(String key, String value) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("INSERT OR REPLACE INTO meta(key, value) VALUES (?,?)")) {
            st.setString(1, key);
            st.setString(2, value);
            st.executeUpdate();
        }
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the original failure is what the caller needs to see
        }
    }

    private void autoCommit() {
        try {
            db.setAutoCommit(true);
        } catch (SQLException e) {
            throw new OutboxException("outbox " + file + ": cannot reset auto-commit: " + e.getMessage(), e);
        }
    }
}
