package org.meternode.app.sampling;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meternode.app.channel.Channel;
import org.meternode.app.outbox.CounterState;
import org.meternode.app.outbox.Outbox;
import org.meternode.app.outbox.OutboxException;
import org.meternode.app.reading.ReadingStream;
import org.meternode.app.reading.Reading;
import org.meternode.app.events.SecurityEvents;
import org.meternode.hal.ClockSync;
import org.meternode.hal.Sleeper;
import org.meternode.hal.WakeSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sleep/wake loop: sleeps until the next interval end, reads every channel, and stores the
 * interval's readings and counter states in one outbox transaction. A channel that fails reports a
 * FAULT reading and the others carry on.
 */
public final class Sampler {
    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);

    private final List<Channel> channels;
    private final Outbox outbox;
    private final Sleeper sleeper;
    private final IntervalListener listener;
    private final Map<String, CounterState> counters;
    private final Map<String, String> lastFault = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong faults = new java.util.concurrent.atomic.AtomicLong();
    /** How often an unsynchronised clock is looked at again (on the board's clock). */
    static final Duration SYNC_POLL = Duration.ofSeconds(10);

    private final WakeSignal wake = new WakeSignal();
    private volatile ClockWatch clockWatch = new ClockWatch(new ClockSync() {
        @Override
        public boolean synchronised() {
            return true;
        }

        @Override
        public String describe() {
            return "assumed synchronised";
        }
    }, SecurityEvents.NONE);
    private volatile boolean stopping;
    private volatile Instant failedEnd;
    private volatile String storeProblem = "";
    private volatile Instant failingSince;
    private volatile IntervalSchedule schedule;
    private volatile java.util.function.BooleanSupplier nodeActive = () -> true;
    private volatile java.util.function.Predicate<String> channelActive = id -> true;
    private volatile Thread loopThread;
    private volatile Instant plannedWake;
    private volatile Instant busySince;

    public Sampler(List<Channel> channels, Outbox outbox, Sleeper sleeper, IntervalSchedule schedule,
            IntervalListener listener) {
        this.channels = List.copyOf(channels);
        this.outbox = outbox;
        this.sleeper = sleeper;
        this.schedule = schedule;
        this.listener = listener;
        this.counters = new HashMap<>(outbox.counterStates());
    }

    /** Where the node's and each channel's activation flags come from. */
    public void activation(java.util.function.BooleanSupplier node, java.util.function.Predicate<String> channel) {
        this.nodeActive = node;
        this.channelActive = channel;
    }

    /**
     * Runs until {@link #stop()} (returns after the sample under way) or until interrupted
     * (shutdown). A {@link #reschedule} wakes the loop through the sleeper's wake signal, never by
     * an interrupt, so a sample under way always finishes.
     */
    public void run() throws InterruptedException {
        loopThread = Thread.currentThread();
        try {
            while (!stopping) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("sampling stopped");
                }
                if (!clockReady()) {
                    // Not synchronised: poll the sync state; the counters keep counting meanwhile.
                    plannedWake = sleeper.clock().instant().plus(SYNC_POLL);
                    sleeper.sleepUntil(plannedWake, wake);
                    continue;
                }
                Instant next = nextIntervalEnd();
                plannedWake = next;
                if (!sleeper.sleepUntil(next, wake) || stopping || !clockReady()) {
                    continue;
                }
                if (schedule.floor(sleeper.clock().instant()).isAfter(next)) {
                    // Woke past a later interval end too (clock stepped, suspend): a reading taken now is
                    // not the reading at `next`; re-plan, the ends skipped are back-filled.
                    continue;
                }
                try {
                    sampleInterval(next);
                    clockWatch.storedOnTime();
                    storeWorks();
                } catch (OutboxException e) {
                    storeFailed(next, e);
                }
            }
        } finally {
            loopThread = null;
        }
    }

    /**
     * Where the clock's sync state comes from and where clock events go (until set: always
     * synchronised, events dropped).
     */
    public void clockSync(ClockSync sync, SecurityEvents events) {
        this.clockWatch = new ClockWatch(sync, events);
    }

    /** The clock as sampling sees it: synced, unsynced or stepped, with the last step. */
    public String clockState() {
        return clockWatch.describe();
    }

    private boolean clockReady() {
        return clockWatch.ready(sleeper.clock().instant(), outbox.lastIntervalEnd(), plannedWake, lateness(),
                schedule.interval());
    }

    private Duration lateness() {
        return schedule.interval().dividedBy(20);
    }

    /** Switches to a new interval schedule now: the loop wakes and plans its next interval end anew. */
    public void reschedule(IntervalSchedule next) {
        schedule = next;
        wake.signal();
        LOG.info("sampling interval is now {}", next.interval());
    }

    /** Ends {@link #run()} once the sample under way (if any) is stored; a restart uses this, not an interrupt. */
    public void stop() {
        stopping = true;
        wake.signal();
    }

    public IntervalSchedule schedule() {
        return schedule;
    }

    /**
     * Whether the loop is running and on time: asleep until a planned interval end, or sampling,
     * and neither more than {@code grace} late. What the hardware watchdog is fed on.
     */
    public boolean onSchedule(Duration grace) {
        if (loopThread == null) {
            return false;
        }
        Instant now = sleeper.clock().instant();
        Instant busy = busySince;
        if (busy != null) {
            return !now.isAfter(busy.plus(grace));
        }
        Instant wake = plannedWake;
        return wake == null || !now.isAfter(wake.plus(grace));
    }

    /**
     * The outbox cannot take an interval (disk full, I/O error). The loop goes on to the next interval
     * end; the counter state stays at the last interval stored while the board's counters keep
     * counting, so the next interval stored carries the full total and back-fills the ends missed.
     */
    private void storeFailed(Instant end, OutboxException e) {
        failedEnd = end;
        if (failingSince == null) {
            failingSince = end;
            LOG.error("interval {}: cannot store it: {}; pulses keep being counted and the next interval stored"
                    + " carries the full totals", end, e.getMessage());
        } else {
            LOG.warn("interval {}: still cannot store it: {}", end, e.getMessage());
        }
        storeProblem = "outbox cannot store intervals since " + failingSince + ": " + e.getMessage();
    }

    private void storeWorks() {
        failedEnd = null;
        failingSince = null;
        if (!storeProblem.isEmpty()) {
            LOG.info("the outbox stores intervals again (it could not: {})", storeProblem);
            storeProblem = "";
        }
    }

    /** Why the last interval could not be stored, empty while storing works. */
    public String storeProblem() {
        return storeProblem;
    }

    /** Channel reads that failed since start. */
    public long faultCount() {
        return faults.get();
    }

    /** The last failure of a channel, empty if none. */
    public String lastFault(String channelId) {
        return lastFault.getOrDefault(channelId, "");
    }

    /** The interval end the loop will sample next. */
    public Instant nextIntervalEnd() {
        Optional<Instant> last = outbox.lastIntervalEnd();
        Instant failed = failedEnd;
        if (failed != null && last.map(failed::isAfter).orElse(true)) {
            last = Optional.of(failed); // not stored, but tried: the next try is at the next end, not at once
        }
        return schedule.next(last, sleeper.clock().instant(), lateness());
    }

    /** Samples every channel for {@code intervalEnd} and stores the result; returns what was stored. */
    public List<Reading> sampleInterval(Instant intervalEnd) {
        busySince = sleeper.clock().instant();
        try {
            return sampleAndStore(intervalEnd);
        } finally {
            busySince = null;
        }
    }

    private List<Reading> sampleAndStore(Instant intervalEnd) {
        if (!nodeActive.getAsBoolean()) {
            // Deactivated: advance the interval marker so nothing is back-filled on reactivation.
            outbox.appendInterval(intervalEnd, List.of(), Map.of());
            LOG.info("interval {}: node deactivated, nothing metered", intervalEnd);
            return List.of();
        }
        List<Instant> missed = schedule.missedBetween(outbox.lastIntervalEnd(), intervalEnd);
        if (!missed.isEmpty()) {
            LOG.warn("missed {} interval end(s) from {} to {} (node was off); back-filling what can be interpolated",
                    missed.size(), missed.get(0), missed.get(missed.size() - 1));
        }
        List<Reading> readings = new ArrayList<>();
        Map<String, CounterState> changed = new HashMap<>();
        for (Channel channel : channels) {
            if (!channelActive.test(channel.id())) {
                continue;
            }
            try {
                Channel.Sample sample = channel.sample(intervalEnd, missed,
                        Optional.ofNullable(counters.get(channel.id())));
                readings.addAll(sample.readings());
                sample.counter().ifPresent(c -> changed.put(channel.id(), c));
            } catch (IOException | RuntimeException e) {
                LOG.error("channel '{}': reading failed at {}: {}", channel.id(), intervalEnd, e.getMessage());
                faults.incrementAndGet();
                lastFault.put(channel.id(), intervalEnd + ": " + e.getMessage());
                readings.addAll(faultReadings(channel, intervalEnd));
            }
        }
        outbox.appendInterval(intervalEnd, readings, changed);
        counters.putAll(changed);
        clockWatch.seen(sleeper.clock().instant()); // sampling took time: that is no clock step
        listener.intervalStored(intervalEnd, readings);
        return readings;
    }

    /** Every stream of a failed channel gets a FAULT reading, so no stream silently skips the interval. */
    private static List<Reading> faultReadings(Channel channel, Instant at) {
        return channel.streams().stream().map(s -> Reading.of(s.in(channel.id()), at, BigDecimal.ZERO,
                s.quantity().unit(), Reading.Quality.FAULT)).toList();
    }
}
