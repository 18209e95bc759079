package org.meternode.tools.headend;

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
import java.util.Map;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.meternode.app.lwm2m.SecurityEventObject;

/**
 * Security events nodes Send (object 26250), in a {@code security_events} table of the head-end's
 * SQLite file (own connection), deduplicated by (endpoint, event time, kind).
 */
final class SecurityEventStore implements AutoCloseable {
    private final Connection db;

    private SecurityEventStore(Connection db) {
        this.db = db;
    }

    static SecurityEventStore open(Path file) {
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
            return new SecurityEventStore(db);
        } catch (SQLException e) {
            throw new IllegalStateException("head-end database " + file + ": " + e.getMessage(), e);
        }
    }

    /** The events in one Send (none when it carries only readings). */
    static List<NodeSecurityEvent> extract(String endpoint, TimestampedLwM2mNodes data) {
        List<NodeSecurityEvent> out = new ArrayList<>();
        for (Instant at : data.getTimestamps()) {
            if (at == null) {
                continue;
            }
            Map<LwM2mPath, LwM2mNode> nodes = data.getNodesAt(at);
            Object kind = value(nodes, SecurityEventObject.KIND);
            if (kind != null) {
                Object detail = value(nodes, SecurityEventObject.DETAIL);
                Object suppressed = value(nodes, SecurityEventObject.SUPPRESSED);
                Object seq = value(nodes, SecurityEventObject.SEQUENCE);
                out.add(new NodeSecurityEvent(endpoint, at, kind.toString(), detail == null ? "" : detail.toString(),
                        suppressed instanceof Number n ? n.longValue() : 0, seq instanceof Number s ? s.longValue() : 0));
            }
        }
        return out;
    }

    /** Stores new events; returns those not seen before. */
    synchronized List<NodeSecurityEvent> store(List<NodeSecurityEvent> events) throws SQLException {
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
        }
        return inserted;
    }

    synchronized List<NodeSecurityEvent> events(String endpoint) {
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
            throw new IllegalStateException("security events: " + e.getMessage(), e);
        }
    }

    private static Object value(Map<LwM2mPath, LwM2mNode> nodes, int resource) {
        LwM2mNode node = nodes.get(new LwM2mPath(SecurityEventObject.OBJECT_ID, 0, resource));
        return node instanceof LwM2mSingleResource r ? r.getValue() : null;
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IllegalStateException("security events: cannot close: " + e.getMessage(), e);
        }
    }
}
