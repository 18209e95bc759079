package org.meternode.tools.headend;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The queue of management requests operators send to nodes (through {@code meterctl} in another
 * process, or a head-end instance other than the one a node talks to). Requests survive a head-end
 * restart and wait for sleeping or offline nodes; the head-end that serves a node's uplink sends
 * them and stores the answers. Every failure is a {@link StoreException}.
 */
public interface RequestQueue extends AutoCloseable {
    /** Queues a request; returns its id. */
    long enqueue(String endpoint, ManagementRequest.Op op, String path, String value);

    Optional<ManagementRequest> get(long id);

    /** Queued requests, oldest first (per endpoint order is what matters: write then execute). */
    List<ManagementRequest> queued();

    /** The last {@code limit} requests of an endpoint (all endpoints when null), newest first. */
    List<ManagementRequest> recent(String endpoint, int limit);

    /**
     * Takes request {@code id} for {@code instance} until {@code until}, so that of several head-end
     * instances sharing the queue only one sends it: true when it is still queued and unclaimed,
     * claimed by this instance already, or its previous claim ran out before {@code now} (that
     * instance died mid-request).
     */
    boolean claim(long id, String instance, Instant now, Instant until);

    /** Stores a request's outcome. */
    void finish(long id, ManagementRequest.State state, String code, String result);

    @Override
    void close();
}
