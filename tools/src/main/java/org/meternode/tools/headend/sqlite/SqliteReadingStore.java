package org.meternode.tools.headend.sqlite;

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
import java.util.List;
import java.util.Optional;
import org.meternode.tools.headend.ReadingStore;
import org.meternode.tools.headend.ReceivedReading;
import org.meternode.tools.headend.StoreResult;

/**
 * The readings in the head-end's SQLite file (the embedded default): every reading received,
 * deduplicated by (endpoint, channel, timestamp), and the channel names nodes announced for their
 * object instances. One connection, WAL, synchronous=FULL.
 */
public final class SqliteReadingStore implements ReadingStore {
    private static final String[] SCHEMA = {
        """
        CREATE TABLE IF NOT EXISTS readings (
          endpoint    TEXT    NOT NULL,
          channel     TEXT    NOT NULL,
          at_ms       INTEGER NOT NULL,
          value       REAL    NOT NULL,
          unit        TEXT    NOT NULL,
          quality     TEXT    NOT NULL,
          path        TEXT    NOT NULL,
          received_ms INTEGER NOT NULL,
          PRIMARY KEY (endpoint, channel, at_ms))""",
        """
        CREATE TABLE IF NOT EXISTS channels (
          endpoint  TEXT    NOT NULL,
          object_id INTEGER NOT NULL,
          instance  INTEGER NOT NULL,
          channel   TEXT    NOT NULL,
          PRIMARY KEY (endpoint, object_id, instance))""",
        """
        CREATE TABLE IF NOT EXISTS stats (
          endpoint   TEXT PRIMARY KEY,
          duplicates INTEGER NOT NULL DEFAULT 0,
          conflicts  INTEGER NOT NULL DEFAULT 0,
          sends      INTEGER NOT NULL DEFAULT 0)"""
    };

    private final Path file;
    private final Connection db;
    private final Clock clock;

    private SqliteReadingStore(Path file, Connection db, Clock clock) {
        this.file = file;
        this.db = db;
        this.clock = clock;
    }

    public static SqliteReadingStore open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = db.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA busy_timeout=5000");
                for (String ddl : SCHEMA) {
                    st.executeUpdate(ddl);
                }
            }
            return new SqliteReadingStore(file, db, Clock.systemUTC());
        } catch (java.io.IOException e) {
            throw new org.meternode.tools.headend.StoreException("head-end database " + file + ": cannot open: "
                    + e.getMessage(), e);
        } catch (SQLException e) {
            throw SqliteErrors.of(file, "cannot open", e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public String describe() {
        return file.toString();
    }

    /** Remembers that {@code endpoint}'s instance /object/instance reports channel {@code channel}. */
    @Override
    public synchronized void nameInstance(String endpoint, int objectId, int instance, String channel) {
        try (PreparedStatement st = db.prepareStatement(
                "INSERT OR REPLACE INTO channels(endpoint, object_id, instance, channel) VALUES (?,?,?,?)")) {
            st.setString(1, endpoint);
            st.setInt(2, objectId);
            st.setInt(3, instance);
            st.setString(4, channel);
            st.executeUpdate();
        } catch (SQLException e) {
            throw SqliteErrors.of(file, "cannot name " + endpoint + "'s /" + objectId + "/" + instance, e);
        }
    }

    @Override
    public synchronized Optional<String> channelOf(String endpoint, int objectId, int instance) {
        try (PreparedStatement st = db.prepareStatement(
                "SELECT channel FROM channels WHERE endpoint = ? AND object_id = ? AND instance = ?")) {
            st.setString(1, endpoint);
            st.setInt(2, objectId);
            st.setInt(3, instance);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqliteErrors.of(file, "cannot read " + endpoint + "'s channel names", e);
        }
    }

    /** Stores one Send's readings in one transaction; only returns once they are on disk. */
    @Override
    public synchronized StoreResult store(String endpoint, List<ReceivedReading> readings) {
        try {
            return storeAll(endpoint, readings);
        } catch (SQLException e) {
            throw SqliteErrors.of(file, "cannot store " + readings.size() + " reading(s) of " + endpoint, e);
        }
    }

    private StoreResult storeAll(String endpoint, List<ReceivedReading> readings) throws SQLException {
        List<ReceivedReading> inserted = new ArrayList<>();
        int duplicates = 0;
        int conflicts = 0;
        long now = clock.millis();
        db.setAutoCommit(false);
        try (PreparedStatement ins = db.prepareStatement("INSERT OR IGNORE INTO readings"
                + "(endpoint, channel, at_ms, value, unit, quality, path, received_ms) VALUES (?,?,?,?,?,?,?,?)");
                PreparedStatement old = db.prepareStatement(
                        "SELECT value FROM readings WHERE endpoint = ? AND channel = ? AND at_ms = ?")) {
            for (ReceivedReading r : readings) {
                ins.setString(1, endpoint);
                ins.setString(2, r.channel());
                ins.setLong(3, r.at().toEpochMilli());
                ins.setDouble(4, r.value());
                ins.setString(5, r.unit());
                ins.setString(6, r.quality());
                ins.setString(7, r.path());
                ins.setLong(8, now);
                if (ins.executeUpdate() == 1) {
                    inserted.add(r);
                } else if (sameValue(old, endpoint, r)) {
                    duplicates++;
                } else {
                    conflicts++;
                }
            }
            try (PreparedStatement st = db.prepareStatement("INSERT INTO stats(endpoint, duplicates, conflicts, sends)"
                    + " VALUES (?,?,?,1) ON CONFLICT(endpoint) DO UPDATE SET duplicates = duplicates + excluded.duplicates,"
                    + " conflicts = conflicts + excluded.conflicts, sends = sends + 1")) {
                st.setString(1, endpoint);
                st.setInt(2, duplicates);
                st.setInt(3, conflicts);
                st.executeUpdate();
            }
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
        return new StoreResult(inserted, duplicates, conflicts);
    }

    private static boolean sameValue(PreparedStatement old, String endpoint, ReceivedReading r) throws SQLException {
        old.setString(1, endpoint);
        old.setString(2, r.channel());
        old.setLong(3, r.at().toEpochMilli());
        try (ResultSet rs = old.executeQuery()) {
            return rs.next() && Double.compare(rs.getDouble(1), r.value()) == 0;
        }
    }

    /** All readings of one stream, oldest first. */
    @Override
    public synchronized List<ReceivedReading> readings(String endpoint, String channel) {
        List<ReceivedReading> out = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement("SELECT channel, at_ms, value, unit, quality, path"
                + " FROM readings WHERE endpoint = ? AND channel = ? ORDER BY at_ms")) {
            st.setString(1, endpoint);
            st.setString(2, channel);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new ReceivedReading(endpoint, rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                            rs.getDouble(3), rs.getString(4), rs.getString(5), rs.getString(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw SqliteErrors.of(file, "cannot read " + endpoint + "'s " + channel, e);
        }
    }

    @Override
    public synchronized long count(String endpoint) {
        return scalar("SELECT COUNT(*) FROM readings WHERE endpoint = ?", endpoint);
    }

    @Override
    public synchronized long duplicates(String endpoint) {
        return scalar("SELECT COALESCE(SUM(duplicates), 0) FROM stats WHERE endpoint = ?", endpoint);
    }

    @Override
    public synchronized long conflicts(String endpoint) {
        return scalar("SELECT COALESCE(SUM(conflicts), 0) FROM stats WHERE endpoint = ?", endpoint);
    }

    private long scalar(String sql, String endpoint) {
        try (PreparedStatement st = db.prepareStatement(sql)) {
            st.setString(1, endpoint);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw SqliteErrors.of(file, "cannot count", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw SqliteErrors.of(file, "cannot close", e);
        }
    }
}
