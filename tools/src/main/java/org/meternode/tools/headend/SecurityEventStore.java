package org.meternode.tools.headend;

import java.util.List;

/**
 * Security events nodes Send (object 26250), deduplicated by (endpoint, event time, kind). Every
 * failure is a {@link StoreException}.
 */
public interface SecurityEventStore extends AutoCloseable {
    /** Stores new events; returns those not seen before. */
    List<NodeSecurityEvent> store(List<NodeSecurityEvent> events);

    /** The events {@code endpoint} reported, oldest first. */
    List<NodeSecurityEvent> events(String endpoint);

    @Override
    void close();
}
