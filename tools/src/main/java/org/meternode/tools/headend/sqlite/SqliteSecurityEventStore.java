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
import org.meternode.tools.headend.NodeSecurityEvent;
import org.meternode.tools.headend.SecurityEventStore;

/** Security events in a {@code security_events} table of the head-end's SQLite file (own connection). */
public final class SqliteSecurityEventStore implements SecurityEventStore {
    private final Path file;
    private final Connection db;

    private SqliteSecurityEventStore(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    public static SqliteSecurityEventStore open(Path file) {
        try {
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = db.createStatement()) {
                st.execute("PRAGMA busy_timeout=5000");
                st.executeUpdate("""
                        CREATE TABLE IF NOT EXISTS security_events (
                          endpoint   TEXT    NOT NULL,
                          at_ms      INTEGER NOT NULL,
                          kind       TEXT    NOT NULL,
                          detail     TEXT    NOT NULL,
                          suppressed INTEGER NOT NULL,
                          seq        INTEGER NOT NULL,
                          PRIMARY KEY (endpoint, at_ms, kind))""");
            }
            return new SqliteSecurityEventStore(file, db);
        } catch (SQLException e) {
            throw SqliteErrors.of(file, "cannot open the security events", e);
        }
    }

    @Override
    public synchronized List<NodeSecurityEvent> store(List<NodeSecurityEvent> events) {
        List<NodeSecurityEvent> inserted = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement("INSERT OR IGNORE INTO security_events"
                + "(endpoint, at_ms, kind, detail, suppressed, seq) VALUES (?,?,?,?,?,?)")) {
            for (NodeSecurityEvent e : events) {
                st.setString(1, e.endpoint());
                st.setLong(2, e.at().toEpochMilli());
                st.setString(3, e.kind());
                st.setString(4, e.detail());
                st.setLong(5, e.suppressed());
                st.setLong(6, e.seq());
                if (st.executeUpdate() == 1) {
                    inserted.add(e);
                }
            }
        } catch (SQLException e) {
            throw SqliteErrors.of(file, "cannot store " + events.size() + " security event(s)", e);
        }
        return inserted;
    }

    @Override
    public synchronized List<NodeSecurityEvent> events(String endpoint) {
        List<NodeSecurityEvent> out = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement("SELECT at_ms, kind, detail, suppressed, seq"
                + " FROM security_events WHERE endpoint = ? ORDER BY at_ms")) {
            st.setString(1, endpoint);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new NodeSecurityEvent(endpoint, Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2),
                            rs.getString(3), rs.getLong(4), rs.getLong(5)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw SqliteErrors.of(file, "cannot read " + endpoint + "'s security events", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw SqliteErrors.of(file, "cannot close the security events", e);
        }
    }
}
