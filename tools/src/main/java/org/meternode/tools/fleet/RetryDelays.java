package org.meternode.tools.fleet;

import java.time.Duration;

/**
 * How long a virtual node waits before its next try after a failed exchange: the API of the node's
 * {@code org.meternode.app.uplink.JitteredBackoff}, which {@link NodePolicy} supplies.
 */
interface RetryDelays {
    /** The wait before the next try; counts one more failed attempt. */
    Duration next();

    /** After a success: the next failure starts from the base delay again. */
    void reset();

    /** Failed attempts since the last {@link #reset()}. */
    int attempts();
}
