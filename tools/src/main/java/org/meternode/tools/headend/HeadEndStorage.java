package org.meternode.tools.headend;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.meternode.tools.headend.sqlite.SqliteBackend;

/**
 * The head-end's three stores, opened together from one location: a file path (SQLite, the
 * embedded default) or a {@code postgresql://} URI. Each backend is a {@link StorageBackend}; the
 * first that accepts a location opens it, so a new engine is one class plus a line in
 * {@link #BACKENDS}.
 */
public record HeadEndStorage(ReadingStore readings, RequestQueue requests, SecurityEventStore securityEvents)
        implements AutoCloseable {
    /** The engines, asked in order; SQLite last, as it takes any path. */
    static final List<StorageBackend> BACKENDS = List.of(new SqliteBackend());

    public HeadEndStorage {
        Objects.requireNonNull(readings, "readings");
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(securityEvents, "securityEvents");
    }

    /** Opens (and creates or migrates) all three stores at {@code location}. */
    public static HeadEndStorage open(String location) {
        return backend(location).open(location);
    }

    /** The SQLite file at {@code file}. */
    public static HeadEndStorage open(Path file) {
        return open(file.toString());
    }

    /** Opens only the request queue at {@code location} (for {@code meterctl} management commands). */
    public static RequestQueue openRequests(String location) {
        return backend(location).openRequests(location);
    }

    private static StorageBackend backend(String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("head-end storage: no location given (a file path or postgresql://...)");
        }
        return BACKENDS.stream().filter(b -> b.accepts(location)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("head-end storage '" + location + "': no backend takes it"));
    }

    @Override
    public void close() {
        StoreException failure = null;
        for (AutoCloseable c : List.<AutoCloseable>of(requests, securityEvents, readings)) {
            try {
                c.close();
            } catch (StoreException e) {
                failure = failure == null ? e : failure;
            } catch (Exception e) {
                failure = failure == null ? new StoreException("head-end storage: cannot close: " + e.getMessage(), e)
                        : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
