package org.meternode.tools.headend;

import java.time.Instant;
import java.util.Optional;

/**
 * One management request an operator queued for a node: read, write or execute on a path. The
 * head-end sends it when the node is registered and awake, and stores the answer.
 *
 * @param value  write value or execute arguments as text; empty for reads
 * @param state  queued, done (the node answered with success) or failed (error answer or expired)
 * @param code   the node's CoAP answer (e.g. CONTENT(205), BAD_REQUEST(400)), once answered
 * @param result the value read, or the node's error message
 */
public record ManagementRequest(long id, String endpoint, Op op, String path, String value, Instant created,
        State state, String code, String result, Optional<Instant> done) {
    /** The LwM2M operation. */
    public enum Op {
        READ, WRITE, EXECUTE,
        /** Firmware update by block-wise Write of /5/0/0; value = bundle file path on the head-end host. */
        UPDATE_PUSH,
        /** Firmware update by Package URI (/5/0/1) served by the head-end; value = bundle file path. */
        UPDATE_PULL
    }

    /** Where a request is in its life. */
    public enum State { QUEUED, DONE, FAILED }

    public boolean finished() {
        return state != State.QUEUED;
    }
}
