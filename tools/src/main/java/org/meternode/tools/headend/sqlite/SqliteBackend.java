package org.meternode.tools.headend.sqlite;

import java.nio.file.Path;
import org.meternode.tools.headend.HeadEndStorage;
import org.meternode.tools.headend.RequestQueue;
import org.meternode.tools.headend.StorageBackend;

/**
 * The embedded default: one SQLite file holds readings, requests and security events, each store on
 * its own connection. Takes any location that is not a URI of another engine.
 */
public final class SqliteBackend implements StorageBackend {
    @Override
    public boolean accepts(String location) {
        return !location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    }

    @Override
    public HeadEndStorage open(String location) {
        Path file = Path.of(location);
        SqliteReadingStore readings = SqliteReadingStore.open(file);
        try {
            return new HeadEndStorage(readings, SqliteRequestQueue.open(file), SqliteSecurityEventStore.open(file));
        } catch (RuntimeException e) {
            readings.close();
            throw e;
        }
    }

    @Override
    public RequestQueue openRequests(String location) {
        return SqliteRequestQueue.open(Path.of(location));
    }
}
