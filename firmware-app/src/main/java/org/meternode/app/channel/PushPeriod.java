package org.meternode.app.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * How often a push meter sends, measured from the arrival times of its good frames: the (lower)
 * median of the last few gaps, so one long silence (a cable pulled for a minute) does not stretch it.
 */
final class PushPeriod {
    private static final int GAPS = 5;

    private final Deque<Duration> gaps = new ArrayDeque<>();
    private Instant last;

    /** Notes a good frame that arrived at {@code at}. */
    synchronized void note(Instant at) {
        if (last != null && at.isAfter(last)) {
            gaps.addLast(Duration.between(last, at));
            if (gaps.size() > GAPS) {
                gaps.removeFirst();
            }
        }
        last = at;
    }

    /** The measured period; empty until two frames came. */
    synchronized Optional<Duration> measured() {
        if (gaps.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(gaps.stream().sorted().toList().get((gaps.size() - 1) / 2)); // lower median: stricter
    }
}
