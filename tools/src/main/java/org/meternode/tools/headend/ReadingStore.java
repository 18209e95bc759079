package org.meternode.tools.headend;

import java.util.List;
import java.util.Optional;

/**
 * Where the head-end keeps the readings nodes Send: deduplicated by (endpoint, stream, time), and
 * the stream names nodes announce for their object instances. {@link #store} returns only once the
 * readings are durable, so the head-end acknowledges a Send after they are safe. Backends: SQLite
 * (embedded default) and PostgreSQL (fleet scale); every failure is a {@link StoreException}.
 */
public interface ReadingStore extends AutoCloseable {
    /** Remembers that {@code endpoint}'s instance /object/instance reports stream {@code channel}. */
    void nameInstance(String endpoint, int objectId, int instance, String channel);

    /** The stream name {@code endpoint} announced for /object/instance, if any. */
    Optional<String> channelOf(String endpoint, int objectId, int instance);

    /**
     * Stores one Send's readings in one transaction: new ones inserted, exact resends counted as
     * duplicates, a different value for a stored (endpoint, stream, time) counted as a conflict
     * (the first value is kept).
     */
    StoreResult store(String endpoint, List<ReceivedReading> readings);

    /** All readings of one stream, oldest first. */
    List<ReceivedReading> readings(String endpoint, String channel);

    /** How many readings are stored for {@code endpoint}. */
    long count(String endpoint);

    /** How many exact resends {@code endpoint}'s Sends carried. */
    long duplicates(String endpoint);

    /** How many resends with a different value {@code endpoint}'s Sends carried. */
    long conflicts(String endpoint);

    /** Where the readings are, for logs ("demo-run/head-end.db", "postgresql://host:5432/meters"); no password. */
    String describe();

    @Override
    void close();
}
