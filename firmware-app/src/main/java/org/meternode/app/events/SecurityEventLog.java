package org.meternode.app.events;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's security event log: an {@code events} table in the outbox's SQLite file (its own
 * connection, WAL), rate-limited per kind so a flood (a handshake failing every few seconds for a
 * day) cannot fill the card: at most {@code perMinute} events of one kind per minute are stored;
 * the next stored one of that kind says how many were suppressed. Events stay until reported to the
 * server and are then kept up to {@link #KEEP_REPORTED} rows for local inspection.
 */
public final class SecurityEventLog implements SecurityEvents, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityEventLog.class);
    /** Reported events kept for looking at on the node. */
    public static final int KEEP_REPORTED = 500;
    /** Unreported events kept at most; older ones are dropped (and counted as suppressed). */
    public static final int KEEP_UNREPORTED = 5_000;
    private static final int MAX_DETAIL = 300;
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS events (
              seq        INTEGER PRIMARY KEY AUTOINCREMENT,
              at_ms      INTEGER NOT NULL,
              kind       TEXT    NOT NULL,
              detail     TEXT    NOT NULL,
              suppressed INTEGER NOT NULL DEFAULT 0,
              reported   INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS event_state (
              key   TEXT PRIMARY KEY,
              value TEXT NOT NULL);
            """;

    private final Path file;
    private final Connection db;
    private final Clock clock;
    private final int perMinute;
    private final Map<String, Window> windows = new HashMap<>();
    private long lastAtMs;
    private volatile Runnable onRecorded = () -> { };

    private SecurityEventLog(Path file, Connection db, Clock clock, int perMinute) {
        this.file = file;
        this.db = db;
        this.clock = clock;
        this.perMinute = perMinute;
    }

    /** Opens (creating) the log in the SQLite file {@code file} (the outbox's). */
    public static SecurityEventLog open(Path file, Clock clock, int perMinute) {
        Connection db = null;
        try {
            db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = db.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA busy_timeout=5000");
                for (String ddl : SCHEMA.split(";")) {
                    if (!ddl.isBlank()) {
                        st.executeUpdate(ddl);
                    }
                }
            }
            SecurityEventLog log = new SecurityEventLog(file, db, clock, perMinute);
            log.lastAtMs = log.scalar("SELECT COALESCE(MAX(at_ms), 0) FROM events");
            return log;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(db, e); // a log that cannot open holds no connection
            throw new IllegalStateException("security event log " + file + ": cannot open: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection db, Exception failure) {
        if (db == null) {
            return;
        }
        try {
            db.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** Called after each stored event (the reporter's wake-up). */
    public void onRecorded(Runnable listener) {
        this.onRecorded = listener;
    }

    @Override
    public void record(String kind, String detail) {
        boolean stored;
        synchronized (this) {
            Instant now = clock.instant();
            Window w = windows.computeIfAbsent(kind, k -> new Window());
            if (now.isAfter(w.start.plus(Duration.ofMinutes(1)))) {
                w.start = now;
                w.count = 0;
            }
            if (w.count >= perMinute) {
                w.suppressed++;
                return;
            }
            w.count++;
            stored = insert(now, kind, detail, w.suppressed);
            if (stored) {
                w.suppressed = 0;
            }
        }
        if (stored) {
            onRecorded.run();
        }
    }

    /**
     * Records a {@code credential-changed} event when the credentials' fingerprint differs from the
     * one seen at the last start (keys, certificates or trust anchor changed while the node was off).
     */
    public synchronized void noteCredentials(String fingerprint, String description) {
        Optional<String> last = state("credentials");
        if (last.isPresent() && !last.get().equals(fingerprint)) {
            record(CREDENTIAL_CHANGED, "credentials changed since the last start: now " + description);
        }
        putState("credentials", fingerprint);
    }

    /** Events not yet reported, oldest first. */
    public synchronized List<SecurityEvent> unreported(int limit) {
        List<SecurityEvent> out = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement(
                "SELECT seq, at_ms, kind, detail, suppressed FROM events WHERE reported = 0 ORDER BY seq LIMIT ?")) {
            st.setInt(1, limit);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new SecurityEvent(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                            rs.getString(4), rs.getInt(5)));
                }
            }
        } catch (SQLException e) {
            LOG.error("security event log {}: cannot read: {}", file, e.getMessage());
        }
        return out;
    }

    /** The server acknowledged events up to {@code seq}; keeps the last {@link #KEEP_REPORTED} reported. */
    public synchronized void markReported(long seq) {
        try (PreparedStatement st = db.prepareStatement("UPDATE events SET reported = 1 WHERE seq <= ?");
                PreparedStatement trim = db.prepareStatement("DELETE FROM events WHERE reported = 1 AND seq <="
                        + " (SELECT seq FROM events WHERE reported = 1 ORDER BY seq DESC LIMIT 1 OFFSET ?)")) {
            st.setLong(1, seq);
            st.executeUpdate();
            trim.setInt(1, KEEP_REPORTED);
            trim.executeUpdate();
        } catch (SQLException e) {
            LOG.error("security event log {}: cannot mark reported: {}", file, e.getMessage());
        }
    }

    /** All events, reported or not, oldest first (for tests and local inspection). */
    public synchronized List<SecurityEvent> all() {
        List<SecurityEvent> out = new ArrayList<>();
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT seq, at_ms, kind, detail, suppressed FROM events ORDER BY seq")) {
            while (rs.next()) {
                out.add(new SecurityEvent(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                        rs.getString(4), rs.getInt(5)));
            }
        } catch (SQLException e) {
            LOG.error("security event log {}: cannot read: {}", file, e.getMessage());
        }
        return out;
    }

    /** Writes one row per kind whose suppressed events no later event carries, then closes. */
    @Override
    public synchronized void close() {
        windows.forEach((kind, w) -> {
            if (w.suppressed > 0) {
                insert(clock.instant(), kind, "(no further event of this kind stored; "
                        + w.suppressed + " suppressed by the rate limit)", w.suppressed);
            }
        });
        try {
            db.close();
        } catch (SQLException e) {
            LOG.warn("security event log {}: close failed: {}", file, e.getMessage());
        }
    }

    private boolean insert(Instant at, String kind, String detail, int suppressed) {
        long atMs = Math.max(at.toEpochMilli(), lastAtMs + 1);
        String text = detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL - 3) + "..." : detail;
        try (PreparedStatement st = db.prepareStatement(
                "INSERT INTO events(at_ms, kind, detail, suppressed) VALUES (?,?,?,?)");
                PreparedStatement cap = db.prepareStatement("DELETE FROM events WHERE reported = 0 AND seq <="
                        + " (SELECT seq FROM events WHERE reported = 0 ORDER BY seq DESC LIMIT 1 OFFSET ?)")) {
            st.setLong(1, atMs);
            st.setString(2, kind);
            st.setString(3, text);
            st.setInt(4, suppressed);
            st.executeUpdate();
            cap.setInt(1, KEEP_UNREPORTED);
            cap.executeUpdate();
            lastAtMs = atMs;
            return true;
        } catch (SQLException e) {
            LOG.error("security event log {}: cannot store a {} event: {}", file, kind, e.getMessage());
            return false;
        }
    }

    private Optional<String> state(String key) {
        try (PreparedStatement st = db.prepareStatement("SELECT value FROM event_state WHERE key = ?")) {
            st.setString(1, key);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            LOG.error("security event log {}: cannot read {}: {}", file, key, e.getMessage());
            return Optional.empty();
        }
    }

    private void putState(String key, String value) {
        try (PreparedStatement st = db.prepareStatement("INSERT OR REPLACE INTO event_state(key, value) VALUES (?,?)")) {
            st.setString(1, key);
            st.setString(2, value);
            st.executeUpdate();
        } catch (SQLException e) {
            LOG.error("security event log {}: cannot write {}: {}", file, key, e.getMessage());
        }
    }

    private long scalar(String sql) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static final class Window {
        Instant start = Instant.MIN;
        int count;
        int suppressed;
    }
}
