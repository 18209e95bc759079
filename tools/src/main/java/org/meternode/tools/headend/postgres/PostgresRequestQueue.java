package org.meternode.tools.headend.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.meternode.tools.headend.ManagementRequest;
import org.meternode.tools.headend.RequestQueue;

/**
 * The request queue as a PostgreSQL table: every head-end instance and every {@code meterctl} sees
 * the same requests, so an operator's request reaches a node whichever instance serves it.
 */
public final class PostgresRequestQueue implements RequestQueue {
    private static final String COLUMNS = "id, endpoint, op, path, value, created_at, state, code, result, done_at";

    private final ConnectionPool pool;
    private final Clock clock;

    PostgresRequestQueue(ConnectionPool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    @Override
    public long enqueue(String endpoint, ManagementRequest.Op op, String path, String value) {
        return pool.call("cannot queue a request for " + endpoint, db -> {
            try (PreparedStatement st = db.prepareStatement("INSERT INTO requests(endpoint, op, path, value, created_at)"
                    + " VALUES (?,?,?,?,?) RETURNING id")) {
                st.setString(1, endpoint);
                st.setString(2, op.name());
                st.setString(3, path);
                st.setString(4, value == null ? "" : value);
                st.setObject(5, now());
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public Optional<ManagementRequest> get(long id) {
        List<ManagementRequest> r = query("SELECT " + COLUMNS + " FROM requests WHERE id = ?", id);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    @Override
    public List<ManagementRequest> queued() {
        return query("SELECT " + COLUMNS + " FROM requests WHERE state = 'QUEUED' ORDER BY id");
    }

    @Override
    public List<ManagementRequest> recent(String endpoint, int limit) {
        return endpoint == null ? query("SELECT " + COLUMNS + " FROM requests ORDER BY id DESC LIMIT ?", limit)
                : query("SELECT " + COLUMNS + " FROM requests WHERE endpoint = ? ORDER BY id DESC LIMIT ?", endpoint, limit);
    }

    @Override
    public boolean claim(long id, String instance, java.time.Instant now, java.time.Instant until) {
        return pool.call("cannot claim request #" + id, db -> {
            try (PreparedStatement st = db.prepareStatement("UPDATE requests SET claimed_by = ?, claimed_until = ?"
                    + " WHERE id = ? AND state = 'QUEUED' AND (claimed_by IS NULL OR claimed_by = ? OR claimed_until < ?)")) {
                st.setString(1, instance);
                st.setObject(2, until.atOffset(ZoneOffset.UTC));
                st.setLong(3, id);
                st.setString(4, instance);
                st.setObject(5, now.atOffset(ZoneOffset.UTC));
                return st.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void finish(long id, ManagementRequest.State state, String code, String result) {
        pool.call("cannot store the answer to request #" + id, db -> {
            try (PreparedStatement st = db.prepareStatement(
                    "UPDATE requests SET state = ?, code = ?, result = ?, done_at = ? WHERE id = ?")) {
                st.setString(1, state.name());
                st.setString(2, code);
                st.setString(3, result);
                st.setObject(4, now());
                st.setLong(5, id);
                return st.executeUpdate();
            }
        });
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private List<ManagementRequest> query(String sql, Object... args) {
        return pool.call("cannot read the request queue", db -> {
            try (PreparedStatement st = db.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    st.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = st.executeQuery()) {
                    List<ManagementRequest> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(request(rs));
                    }
                    return out;
                }
            }
        });
    }

    private static ManagementRequest request(ResultSet rs) throws SQLException {
        OffsetDateTime done = rs.getObject("done_at", OffsetDateTime.class);
        return new ManagementRequest(rs.getLong("id"), rs.getString("endpoint"),
                ManagementRequest.Op.valueOf(rs.getString("op")), rs.getString("path"), rs.getString("value"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                ManagementRequest.State.valueOf(rs.getString("state")), rs.getString("code"), rs.getString("result"),
                Optional.ofNullable(done).map(OffsetDateTime::toInstant));
    }

    @Override
    public void close() {
        pool.close();
    }
}
