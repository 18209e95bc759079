package org.meternode.tools.headend;

import java.time.Instant;

/**
 * One reading as the head-end received it.
 *
 * @param path the LwM2M resource path it came on, e.g. /3331/0/5700
 */
public record ReceivedReading(String endpoint, String channel, Instant at, double value, String unit,
        String quality, String path) {
}
