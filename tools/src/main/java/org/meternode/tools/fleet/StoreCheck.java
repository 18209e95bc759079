package org.meternode.tools.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.meternode.tools.headend.HeadEndStorage;
import org.meternode.tools.headend.ReadingStore;
import org.meternode.tools.headend.ReceivedReading;

/**
 * Reads the head-end's store after a run and compares it with what the fleet should have
 * delivered: each (node, stream, interval) exactly once with its value. The only class of the
 * fleet that touches the store, so moving to another reading store is one line here.
 */
public final class StoreCheck {
    /**
     * @param stored     expected readings found with the expected value
     * @param lost       expected readings not in the store
     * @param wrong      expected readings stored with another value
     * @param duplicated resends the store absorbed (same endpoint, stream and time again)
     * @param extra      other readings of these endpoints (an earlier run, say)
     */
    public record Completeness(long expected, long stored, long lost, long wrong, long duplicated, long extra) {
        public boolean complete() {
            return lost == 0 && wrong == 0;
        }
    }

    private StoreCheck() {
    }

    /** Checks {@code fleet}'s readings in the head-end's store at {@code location} (its --db: a file or a URI). */
    public static Completeness check(String location, Fleet fleet) {
        if (!location.contains("://") && !Files.isRegularFile(Path.of(location))) {
            throw new IllegalArgumentException("--db " + location + ": no such file (give the head-end's --db)");
        }
        try (HeadEndStorage storage = HeadEndStorage.open(location)) {
            return check(storage.readings(), fleet);
        }
    }

    static Completeness check(ReadingStore store, Fleet fleet) {
        FleetPlan plan = fleet.plan();
        FleetStreams streams = fleet.streams();
        long stored = 0;
        long wrong = 0;
        long duplicated = 0;
        long rows = 0;
        for (int i = 0; i < plan.nodes().size(); i++) {
            String endpoint = plan.nodes().get(i).endpoint();
            rows += store.count(endpoint);
            duplicated += store.duplicates(endpoint);
            for (FleetStreams.Stream s : streams.all()) {
                Map<Instant, Double> values = new HashMap<>();
                List<ReceivedReading> readings = store.readings(endpoint, s.name());
                readings.forEach(r -> values.put(r.at(), r.value()));
                for (long k = 1; k <= plan.intervals(); k++) {
                    Double v = values.get(fleet.start().plus(plan.interval().multipliedBy(k)));
                    if (v == null) {
                        continue;
                    }
                    if (Double.compare(v, streams.value(i, k, s.index())) == 0) {
                        stored++;
                    } else {
                        wrong++;
                    }
                }
            }
        }
        long expected = plan.expectedReadings();
        return new Completeness(expected, stored, expected - stored - wrong, wrong, duplicated, rows - stored - wrong);
    }
}
