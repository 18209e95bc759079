package org.meternode.tools.headend;

/** One storage engine for the head-end (SQLite, PostgreSQL): which locations it takes and how it opens them. */
public interface StorageBackend {
    /** Whether {@code location} is for this engine (a URI scheme, or any path for SQLite). */
    boolean accepts(String location);

    /** Opens all three stores, creating or migrating the schema; a clear error names the location. */
    HeadEndStorage open(String location);

    /** Opens only the request queue, for a process that manages nodes but does not serve them. */
    RequestQueue openRequests(String location);
}
