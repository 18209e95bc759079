package org.meternode.tools.headend;

import java.time.Instant;

/** A security event a node reported (object 26250), as the head-end stores it. */
public record NodeSecurityEvent(String endpoint, Instant at, String kind, String detail, long suppressed, long seq) {
}
