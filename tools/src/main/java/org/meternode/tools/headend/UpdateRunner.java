package org.meternode.tools.headend;

import java.nio.file.Path;

/** Carries out one queued firmware update (push or pull) for a node, start to final result. */
public interface UpdateRunner {
    /** Throws when the update could not be carried out at all (the request then fails with the reason). */
    Outcome run(String endpoint, ManagementRequest.Op op, Path bundle) throws Exception;

    /** Whether the node reported success (object 5 Update Result 1), and the details for the operator. */
    record Outcome(boolean success, String detail) {
    }
}
