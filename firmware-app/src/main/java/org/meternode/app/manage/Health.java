package org.meternode.app.manage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The node's health at one moment: what an operator checks first, readable remotely (object
 * 32500) and printed by {@code meternode status}.
 *
 * @param rejectedReadings readings set aside as undeliverable (kept in the outbox's rejected table)
 * @param uplinkFailures   times the uplink loop failed (outbox errors) and was restarted since start
 * @param lastUplinkError  the last of those failures, empty if none
 * @param storeProblem     why the outbox cannot store intervals now (disk full), empty while it can
 * @param storageDamage    damaged state files found at start and moved aside (kept), empty if none
 */
public record Health(String endpoint, String firmwareVersion, String board, boolean active, String registration,
        long outboxDepth, Optional<Instant> oldestUndelivered, Optional<Instant> lastSuccessfulSend,
        long sensorFaults, String lastFault, long watchdogResets, long restarts, long diskFreeBytes,
        String clockState, Instant now, long rejectedReadings, long uplinkFailures, String lastUplinkError,
        String storeProblem, String storageDamage) {

    /** One "key: value" line each, in a stable order. */
    public Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("endpoint", endpoint);
        f.put("firmware", firmwareVersion);
        f.put("board", board);
        f.put("active", Boolean.toString(active));
        f.put("registration", registration);
        f.put("outbox depth", Long.toString(outboxDepth));
        f.put("oldest undelivered", oldestUndelivered.map(Instant::toString).orElse("none"));
        f.put("last successful send", lastSuccessfulSend.map(Instant::toString).orElse("never"));
        f.put("rejected readings", rejectedReadings + (rejectedReadings == 0 ? "" : " (set aside, never sent)"));
        f.put("uplink failures", uplinkFailures + (lastUplinkError.isEmpty() ? "" : " (last: " + lastUplinkError + ")"));
        f.put("storing", storeProblem.isEmpty() ? "ok" : storeProblem);
        f.put("damaged at start", storageDamage.isEmpty() ? "none" : storageDamage);
        f.put("sensor faults", sensorFaults + (lastFault.isEmpty() ? "" : " (last: " + lastFault + ")"));
        f.put("watchdog resets", Long.toString(watchdogResets));
        f.put("restarts", Long.toString(restarts));
        f.put("disk free", diskFreeBytes / (1024 * 1024) + " MiB");
        f.put("clock", clockState);
        f.put("now", now.toString());
        return f;
    }

    public String format() {
        StringBuilder out = new StringBuilder();
        fields().forEach((k, v) -> out.append(String.format("%-21s %s%n", k + ":", v)));
        return out.toString();
    }
}
