package org.meternode.tools.headend.postgres;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.meternode.testkit.services.PostgresServer;

/** One real PostgreSQL per test class, a fresh database per test, and the stores opened on it directly. */
final class TestDatabases {
    private static final AtomicInteger NEXT = new AtomicInteger();

    private TestDatabases() {
    }

    /** A new empty database's URI. */
    static String fresh(PostgresServer pg) {
        return pg.createDatabase("t" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet());
    }

    static PostgresReadingStore readings(String uri, Clock clock) {
        return new PostgresReadingStore(new PostgresBackend(clock).migrated(uri), clock);
    }

    static PostgresReadingStore readings(String uri) {
        return readings(uri, Clock.systemUTC());
    }

    /** A database name from its URI ("postgresql://127.0.0.1:5/t1_2?user=..." → "t1_2"). */
    static String name(String uri) {
        String path = uri.substring(uri.indexOf('/', "postgresql://".length()) + 1);
        return path.substring(0, path.indexOf('?'));
    }
}
