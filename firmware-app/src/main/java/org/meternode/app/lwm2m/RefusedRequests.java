package org.meternode.app.lwm2m;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.meternode.app.events.SecurityEvents;

/**
 * Records a server's refused requests as {@link SecurityEvents#REQUEST_REFUSED} events, coalesced so
 * that a flood cannot fill the card: at most one event per path per minute, the next one saying how
 * many more were refused there meanwhile; at most {@link #MAX_PATHS} paths are told apart, the rest
 * share one entry.
 */
final class RefusedRequests {
    static final int MAX_PATHS = 64;
    private static final long WINDOW_MS = 60_000;
    private static final String OTHER = "(other paths)";

    private final SecurityEvents events;
    private final Clock clock;
    private final Map<String, long[]> windows = new LinkedHashMap<>();

    RefusedRequests(SecurityEvents events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /** A request on {@code path} was answered {@code code}; {@code why} is the node's message or null. */
    void refused(String operation, String path, String code, String why) {
        long now = clock.millis();
        String key;
        long unreported;
        synchronized (windows) {
            key = windows.containsKey(path) || windows.size() < MAX_PATHS ? path : OTHER;
            long[] w = windows.computeIfAbsent(key, k -> new long[] {Long.MIN_VALUE, 0});
            if (w[0] != Long.MIN_VALUE && now - w[0] < WINDOW_MS) {
                w[1]++;
                return;
            }
            unreported = w[1];
            w[0] = now;
            w[1] = 0;
        }
        String detail = operation + " " + key + " refused: " + code + (why == null || why.isBlank() ? "" : " " + why)
                + (unreported > 0 ? " (and " + unreported + " more there in the minute before)" : "");
        events.record(SecurityEvents.REQUEST_REFUSED, detail);
    }
}
