package org.meternode.tools.headend.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.meternode.tools.headend.NodeSecurityEvent;
import org.meternode.tools.headend.SecurityEventStore;

/** Security events in a PostgreSQL table, deduplicated by (endpoint, time, kind) across head-ends. */
public final class PostgresSecurityEventStore implements SecurityEventStore {
    private final ConnectionPool pool;

    PostgresSecurityEventStore(ConnectionPool pool) {
        this.pool = pool;
    }

    @Override
    public List<NodeSecurityEvent> store(List<NodeSecurityEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        return pool.transaction("cannot store " + events.size() + " security event(s)", db -> {
            int[] counts;
            try (PreparedStatement st = db.prepareStatement("INSERT INTO security_events"
                    + "(endpoint, at, kind, detail, suppressed, seq) VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING")) {
                for (NodeSecurityEvent e : events) {
                    st.setString(1, e.endpoint());
                    st.setObject(2, OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC));
                    st.setString(3, e.kind());
                    st.setString(4, e.detail());
                    st.setLong(5, e.suppressed());
                    st.setLong(6, e.seq());
                    st.addBatch();
                }
                counts = st.executeBatch();
            }
            List<NodeSecurityEvent> inserted = new ArrayList<>();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 1) {
                    inserted.add(events.get(i));
                }
            }
            return inserted;
        });
    }

    @Override
    public List<NodeSecurityEvent> events(String endpoint) {
        return pool.call("cannot read " + endpoint + "'s security events", db -> {
            List<NodeSecurityEvent> out = new ArrayList<>();
            try (PreparedStatement st = db.prepareStatement("SELECT at, kind, detail, suppressed, seq"
                    + " FROM security_events WHERE endpoint = ? ORDER BY at, kind")) {
                st.setString(1, endpoint);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new NodeSecurityEvent(endpoint, rs.getObject(1, OffsetDateTime.class).toInstant(),
                                rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void close() {
        pool.close();
    }
}
