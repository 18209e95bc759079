package org.meternode.tools.fleet;

import java.time.Duration;
import java.util.Map;

/**
 * What a fleet run achieved, as the nodes saw it (the head-end's answers).
 *
 * @param acknowledgedReadings readings in Sends the head-end answered 2.04
 * @param registeredAtEnd      nodes registered when the run ended
 * @param allDelivered         every node had every interval acknowledged before the deadline
 * @param maxTimerLag          the latest any node's timer ran: large values mean the simulator was
 *                             short of CPU, and its Sends went out bunched
 */
public record FleetResult(long expectedReadings, long acknowledgedReadings, long registeredAtEnd,
        long registrations, long sends, long sendP50Micros, long sendP99Micros, Map<String, Long> errors,
        boolean allDelivered, Duration took, Duration maxTimerLag) {
    public FleetResult {
        errors = Map.copyOf(errors);
    }
}
