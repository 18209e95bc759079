package org.meternode.tools.headend.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.meternode.tools.headend.StoreException;

/**
 * Brings a database's schema to this build's version: the SQL files {@code db/postgresql/V<n>__<what>.sql}
 * applied in order, one transaction each, recorded in {@code schema_migrations}. Every step holds a
 * transaction-scoped advisory lock, so head-ends starting together migrate exactly once; a database
 * newer than this build is refused.
 */
final class SchemaMigrations {
    /** The migrations this build knows, in order; version n is the n-th. */
    static final List<String> FILES = List.of(
            "V1__readings_channels_counters.sql",
            "V2__requests_security_events.sql",
            "V3__request_claims.sql");
    /** pg_advisory_xact_lock key of schema changes ("meternode schema"). */
    static final long LOCK = 0x6d6e5f736368656dL;
    private static final String RESOURCES = "/db/postgresql/";

    private SchemaMigrations() {
    }

    static int latest() {
        return FILES.size();
    }

    /** Applies what is missing; returns the versions applied by this call (empty when up to date). */
    static List<Integer> migrate(ConnectionPool pool, Clock clock) {
        java.util.ArrayList<Integer> applied = new java.util.ArrayList<>();
        while (true) {
            Integer next = pool.transaction("migrating the schema", db -> step(db, pool.describe(), clock));
            if (next == null) {
                return applied;
            }
            applied.add(next);
        }
    }

    /** Under the lock: applies the next missing version and returns it, or null when there is none. */
    private static Integer step(Connection db, String where, Clock clock) throws SQLException {
        try (Statement st = db.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            st.execute("""
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                      version     integer     PRIMARY KEY,
                      applied_at  timestamptz NOT NULL,
                      description text        NOT NULL)""");
        }
        int current = current(db);
        if (current > latest()) {
            throw new StoreException("head-end database " + where + " has schema version " + current
                    + ", newer than this build, which knows versions up to " + latest()
                    + ": run a meternode that knows version " + current, null);
        }
        if (current == latest()) {
            return null;
        }
        int version = current + 1;
        String file = FILES.get(version - 1);
        try (Statement st = db.createStatement()) {
            st.execute(sql(file));
        } catch (SQLException e) {
            throw new SQLException("migration " + file + " failed: " + e.getMessage(), e.getSQLState(), e);
        }
        try (PreparedStatement st = db.prepareStatement(
                "INSERT INTO schema_migrations(version, applied_at, description) VALUES (?,?,?)")) {
            st.setInt(1, version);
            st.setObject(2, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            st.setString(3, description(file));
            st.executeUpdate();
        }
        return version;
    }

    static int current(Connection db) throws SQLException {
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** "V2__requests_security_events.sql" → "requests security events". */
    static String description(String file) {
        return file.substring(file.indexOf("__") + 2, file.length() - ".sql".length()).replace('_', ' ');
    }

    static String sql(String file) {
        try (InputStream in = SchemaMigrations.class.getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                throw new IllegalStateException("migration " + RESOURCES + file + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration " + RESOURCES + file + ": " + e.getMessage(), e);
        }
    }
}
