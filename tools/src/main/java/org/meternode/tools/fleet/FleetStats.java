package org.meternode.tools.fleet;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The fleet's counters as the nodes see them: registrations, acknowledged Sends and readings, Send
 * round trips, errors by kind. {@link #period()} gives the figures since the last call, for the
 * progress line.
 */
final class FleetStats {
    /** Figures of one reporting period (or of the whole run). */
    record Period(long registrations, long sends, long readings, long p50Micros, long p99Micros,
            Map<String, Long> errors, long maxLagMicros) {
    }

    private final LongAdder registrations = new LongAdder();
    private final LongAdder sends = new LongAdder();
    private final LongAdder readings = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Rtts periodRtts = new Rtts();
    private final Rtts allRtts = new Rtts();
    private final java.util.concurrent.atomic.AtomicLong periodLag = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong allLag = new java.util.concurrent.atomic.AtomicLong();
    private long lastRegistrations;
    private long lastSends;
    private long lastReadings;
    private Map<String, Long> lastErrors = Map.of();

    void registered() {
        registrations.increment();
    }

    void sent(long rttMicros, int readingCount) {
        sends.increment();
        readings.add(readingCount);
        periodRtts.add(rttMicros);
        allRtts.add(rttMicros);
    }

    /**
     * How late a node's timer ran (its interval-end Send, its registration): when the simulator's
     * machine is short of CPU this grows, and Sends planned apart go out together.
     */
    void lag(long micros) {
        periodLag.accumulateAndGet(micros, Math::max);
        allLag.accumulateAndGet(micros, Math::max);
    }

    /** One failed exchange, e.g. "send timeout" or "register 4.03". */
    void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** Figures since the previous call. */
    synchronized Period period() {
        long r = registrations.sum();
        long s = sends.sum();
        long n = readings.sum();
        Map<String, Long> e = errorsNow();
        Map<String, Long> delta = new TreeMap<>();
        e.forEach((k, v) -> {
            long d = v - lastErrors.getOrDefault(k, 0L);
            if (d > 0) {
                delta.put(k, d);
            }
        });
        long[] rtts = periodRtts.drain();
        Period p = new Period(r - lastRegistrations, s - lastSends, n - lastReadings, percentile(rtts, 50),
                percentile(rtts, 99), delta, periodLag.getAndSet(0));
        lastRegistrations = r;
        lastSends = s;
        lastReadings = n;
        lastErrors = e;
        return p;
    }

    /** Figures of the whole run. */
    Period total() {
        long[] rtts = allRtts.snapshot();
        return new Period(registrations.sum(), sends.sum(), readings.sum(), percentile(rtts, 50), percentile(rtts, 99),
                errorsNow(), allLag.get());
    }

    private Map<String, Long> errorsNow() {
        Map<String, Long> e = new TreeMap<>();
        errors.forEach((k, v) -> e.put(k, v.sum()));
        return e;
    }

    /** Nearest-rank percentile; -1 when there were no samples. */
    static long percentile(long[] values, int p) {
        if (values.length == 0) {
            return -1;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** A growable list of round trips. */
    private static final class Rtts {
        private long[] values = new long[1024];
        private int size;

        synchronized void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        synchronized long[] drain() {
            long[] out = Arrays.copyOf(values, size);
            size = 0;
            return out;
        }

        synchronized long[] snapshot() {
            return Arrays.copyOf(values, size);
        }
    }
}
