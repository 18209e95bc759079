package org.meternode.tools.headend.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.meternode.tools.headend.ManagementRequest;
import org.meternode.tools.headend.RequestQueue;

/**
 * The request queue as a table in the head-end's SQLite file, so that {@code meterctl} in another
 * process can add requests and read answers while the head-end runs.
 */
public final class SqliteRequestQueue implements RequestQueue {
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS requests (
              id         INTEGER PRIMARY KEY AUTOINCREMENT,
              endpoint   TEXT    NOT NULL,
              op         TEXT    NOT NULL,
              path       TEXT    NOT NULL,
              value      TEXT    NOT NULL DEFAULT '',
              created_ms INTEGER NOT NULL,
              state      TEXT    NOT NULL DEFAULT 'QUEUED',
              code       TEXT    NOT NULL DEFAULT '',
              result     TEXT    NOT NULL DEFAULT '',
              done_ms    INTEGER,
              claimed_by TEXT,
              claimed_until_ms INTEGER)""";

    private final Path file;
    private final Connection db;

    private SqliteRequestQueue(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    public static SqliteRequestQueue open(Path file) {
        try {
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = db.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA busy_timeout=5000");
                st.executeUpdate(SCHEMA);
                addClaimColumns(st);
            }
            return new SqliteRequestQueue(file, db);
        } catch (SQLException e) {
            throw SqliteErrors.of(file, "cannot open the request queue", e);
        }
    }

    /** Files made before requests could be claimed lack the two claim columns. */
    private static void addClaimColumns(Statement st) throws SQLException {
        boolean has = false;
        try (ResultSet rs = st.executeQuery("PRAGMA table_info(requests)")) {
            while (rs.next()) {
                has |= "claimed_by".equals(rs.getString("name"));
            }
        }
        if (!has) {
            st.executeUpdate("ALTER TABLE requests ADD COLUMN claimed_by TEXT");
            st.executeUpdate("ALTER TABLE requests ADD COLUMN claimed_until_ms INTEGER");
        }
    }

    @Override
    public synchronized boolean claim(long id, String instance, Instant now, Instant until) {
        try (PreparedStatement st = db.prepareStatement("UPDATE requests SET claimed_by = ?, claimed_until_ms = ?"
                + " WHERE id = ? AND state = 'QUEUED' AND (claimed_by IS NULL OR claimed_by = ? OR claimed_until_ms < ?)")) {
            st.setString(1, instance);
            st.setLong(2, until.toEpochMilli());
            st.setLong(3, id);
            st.setString(4, instance);
            st.setLong(5, now.toEpochMilli());
            return st.executeUpdate() == 1;
        } catch (SQLException e) {
            throw SqliteErrors.of(file, "cannot claim request #" + id, e);
        }
    }

    @Override
    public synchronized long enqueue(String endpoint, ManagementRequest.Op op, String path, String value) {
        try (PreparedStatement st = db.prepareStatement(
                "INSERT INTO requests(endpoint, op, path, value, created_ms) VALUES (?,?,?,?,?)",
                Statement.RETURN_GENERATED_KEYS)) {
            st.setString(1, endpoint);
            st.setString(2, op.name());
            st.setString(3, path);
            st.setString(4, value == null ? "" : value);
            st.setLong(5, System.currentTimeMillis());
            st.executeUpdate();
            try (ResultSet keys = st.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw SqliteErrors.of(file, "cannot queue a request for " + endpoint, e);
        }
    }

    @Override
    public synchronized Optional<ManagementRequest> get(long id) {
        List<ManagementRequest> r = query("SELECT * FROM requests WHERE id = ?", id);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    @Override
    public synchronized List<ManagementRequest> queued() {
        return query("SELECT * FROM requests WHERE state = 'QUEUED' ORDER BY id");
    }

    @Override
    public synchronized List<ManagementRequest> recent(String endpoint, int limit) {
        return endpoint == null ? query("SELECT * FROM requests ORDER BY id DESC LIMIT ?", limit)
                : query("SELECT * FROM requests WHERE endpoint = ? ORDER BY id DESC LIMIT ?", endpoint, limit);
    }

    @Override
    public synchronized void finish(long id, ManagementRequest.State state, String code, String result) {
        try (PreparedStatement st = db.prepareStatement(
                "UPDATE requests SET state = ?, code = ?, result = ?, done_ms = ? WHERE id = ?")) {
            st.setString(1, state.name());
            st.setString(2, code);
            st.setString(3, result);
            st.setLong(4, System.currentTimeMillis());
            st.setLong(5, id);
            st.executeUpdate();
        } catch (SQLException e) {
            throw SqliteErrors.of(file, "cannot store the answer to request #" + id, e);
        }
    }

    private List<ManagementRequest> query(String sql, Object... args) {
        List<ManagementRequest> out = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    long done = rs.getLong("done_ms");
                    Optional<Instant> doneAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(done));
                    out.add(new ManagementRequest(rs.getLong("id"), rs.getString("endpoint"),
                            ManagementRequest.Op.valueOf(rs.getString("op")), rs.getString("path"),
                            rs.getString("value"), Instant.ofEpochMilli(rs.getLong("created_ms")),
                            ManagementRequest.State.valueOf(rs.getString("state")), rs.getString("code"),
                            rs.getString("result"), doneAt));
                }
            }
            return out;
        } catch (SQLException e) {
            throw SqliteErrors.of(file, "cannot read the request queue", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw SqliteErrors.of(file, "cannot close the request queue", e);
        }
    }
}
