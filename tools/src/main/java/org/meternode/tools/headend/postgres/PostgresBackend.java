package org.meternode.tools.headend.postgres;

import java.time.Clock;
import org.meternode.tools.headend.HeadEndStorage;
import org.meternode.tools.headend.RequestQueue;
import org.meternode.tools.headend.StorageBackend;

/**
 * The fleet backend: a {@code postgresql://HOST[:PORT]/DB?user=U&password=P[&pool=N]} location. The
 * three stores share one small connection pool; opening migrates the schema first (once, whichever
 * of several head-ends starting together gets there first).
 */
public final class PostgresBackend implements StorageBackend {
    private final Clock clock;

    public PostgresBackend() {
        this(Clock.systemUTC());
    }

    PostgresBackend(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean accepts(String location) {
        return PostgresLocation.accepts(location);
    }

    @Override
    public HeadEndStorage open(String location) {
        ConnectionPool pool = migrated(location);
        try {
            return new HeadEndStorage(new PostgresReadingStore(pool, clock), new PostgresRequestQueue(pool.share(), clock),
                    new PostgresSecurityEventStore(pool.share()));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    @Override
    public RequestQueue openRequests(String location) {
        return new PostgresRequestQueue(migrated(location), clock);
    }

    /** A pool on {@code location}'s database, its schema at this build's version. */
    ConnectionPool migrated(String location) {
        ConnectionPool pool = new ConnectionPool(PostgresLocation.parse(location));
        try {
            SchemaMigrations.migrate(pool, clock);
            return pool;
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }
}
