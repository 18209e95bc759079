package org.meternode.app.uplink;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;
import org.meternode.app.events.SecurityEvents;
import org.meternode.app.outbox.Outbox;
import org.meternode.app.outbox.StoredReading;
import org.meternode.hal.Sleeper;
import org.meternode.hal.WakeSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox oldest first, one batch at a time; a batch is marked delivered only after the
 * server acknowledged it. Waits (without polling) until there is something to send and the
 * transport is ready; after each interval end it first waits this node's {@link SendSpread} offset,
 * so a fleet on aligned intervals does not send in the same second; backs off with full jitter
 * ({@link JitteredBackoff}) after transient failures (no connection, timeouts, 5.xx). Readings that can never be sent are set aside in the outbox's rejected table instead of
 * blocking everything behind them: those the transport names (a stream that no longer exists), and
 * a reading the server refuses (4.xx) every time, found by halving the refused batch until only it
 * is left. Runs on one named thread, supervised: a failure of the loop itself (the outbox cannot be
 * read or written) is logged, counted and the loop restarts after a jittered back-off; {@link #isLive}
 * tells the watchdog whether the uplink runs and is not stuck failing.
 */
public final class Uplink implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Uplink.class);
    /** Refusals of the same batch taken as transient (a stale registration) before isolating a reading. */
    static final int REFUSALS_BEFORE_ISOLATING = 3;

    private final Outbox outbox;
    private final SecurityEvents events;
    private final ReadingTransport transport;
    private final int batchSize;
    private final Duration sendTimeout;
    private final Duration retryMin;
    private final Sleeper sleeper;
    private final JitteredBackoff sendRetries;
    private final JitteredBackoff restarts;
    /** New readings, a registration, a flush or a setting: re-plan now (ends every wait but a back-off). */
    private final WakeSignal work = new WakeSignal();
    /** A (re)registration: ends a back-off. */
    private final WakeSignal registered = new WakeSignal();
    private volatile SendSpread spread;
    /** Nothing is sent before this instant on the node's clock (the last interval end plus the offset); null: no hold. */
    private volatile Instant sendNotBefore;
    private volatile long delivered;
    private volatile Duration reportingInterval = Duration.ZERO;
    private long lastSuccessNanos = Long.MIN_VALUE;
    private final java.util.concurrent.atomic.AtomicLong ok = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong rejected = new java.util.concurrent.atomic.AtomicLong();
    private int limit;
    private long refusedFirstSeq = -1;
    private int refusals;
    private boolean isolating;
    private final java.util.concurrent.atomic.AtomicLong loopFailures = new java.util.concurrent.atomic.AtomicLong();
    private volatile String lastFailure = "";
    private volatile long failingSinceNanos;
    private volatile Thread runner;
    private volatile boolean flushing;
    private final Object progress = new Object();
    private volatile long lastRttMillis;
    private volatile long maxRttMillis;
    private final java.util.concurrent.atomic.AtomicLong rttSumMillis = new java.util.concurrent.atomic.AtomicLong();

    /** An uplink on the system clock, without send spread, drawing back-offs from a SecureRandom. */
    public Uplink(Outbox outbox, ReadingTransport transport, int batchSize, Duration sendTimeout,
            Duration retryMin, Duration retryMax) {
        this(outbox, transport, batchSize, sendTimeout, retryMin, retryMax, SecurityEvents.NONE);
    }

    /** @param events where readings set aside for good are recorded ({@link SecurityEvents#READINGS_REJECTED}) */
    public Uplink(Outbox outbox, ReadingTransport transport, int batchSize, Duration sendTimeout,
            Duration retryMin, Duration retryMax, SecurityEvents events) {
        this(outbox, transport, batchSize, sendTimeout, retryMin, retryMax, events, Sleeper.system(),
                new SendSpread("", Duration.ZERO), new SecureRandom());
    }

    /**
     * @param retryMin the ceiling of the first (jittered) pause after a failure; doubles per failure
     * @param retryMax the largest ceiling
     * @param sleeper  the node's clock and waits: the spread offset and the back-offs pass on it
     * @param spread   when after each interval end this node sends
     * @param random   where back-off pauses are drawn from
     */
    public Uplink(Outbox outbox, ReadingTransport transport, int batchSize, Duration sendTimeout,
            Duration retryMin, Duration retryMax, SecurityEvents events, Sleeper sleeper, SendSpread spread,
            RandomGenerator random) {
        this.events = events;
        this.outbox = outbox;
        this.transport = transport;
        this.batchSize = batchSize;
        this.sendTimeout = sendTimeout;
        this.retryMin = retryMin;
        this.sleeper = java.util.Objects.requireNonNull(sleeper, "sleeper");
        this.spread = java.util.Objects.requireNonNull(spread, "spread");
        this.sendRetries = new JitteredBackoff(retryMin, retryMax, random);
        this.restarts = new JitteredBackoff(retryMin, retryMax, random);
        this.limit = batchSize;
    }

    /** New readings are in the outbox: send them now, unless backing off after a failure. */
    public void wake() {
        work.signal();
    }

    /**
     * The interval that ended at {@code end} is stored: send it once this node's spread offset after
     * {@code end} has passed (at once with no spread).
     */
    public void intervalStored(Instant end) {
        sendNotBefore = end.plus(spread.offset());
        work.signal();
    }

    /** A new spread window (the sampling interval or uplink.spread changed); applies from the next interval end. */
    public void setSpread(SendSpread next) {
        SendSpread previous = spread;
        spread = java.util.Objects.requireNonNull(next, "spread");
        if (!previous.window().equals(next.window())) {
            logSpread();
        }
    }

    /** The spread in effect. */
    public SendSpread spread() {
        return spread;
    }

    /** The transport became ready (registered): end any back-off and send now. */
    public void transportReady() {
        registered.signal();
        work.signal();
    }

    /**
     * Sends at most this often (wall time); zero sends as soon as readings are stored. A full batch
     * is sent at once regardless.
     */
    public void setReportingInterval(Duration interval) {
        this.reportingInterval = interval;
        wake();
    }

    /** Sends acknowledged, failed, and round-trip times (ms) of the acknowledged ones. */
    public long[] stats() {
        long n = ok.get();
        return new long[] {n, failed.get(), lastRttMillis, n == 0 ? 0 : rttSumMillis.get() / n, maxRttMillis};
    }

    /** Readings set aside as undeliverable since start (the outbox keeps them all: {@link Outbox#rejectedCount()}). */
    public long rejectedCount() {
        return rejected.get();
    }

    /** Times the loop failed (outside a send: the outbox) and was restarted since start. */
    public long failureCount() {
        return loopFailures.get();
    }

    /** The last loop failure, with what failed; empty if none. */
    public String lastFailure() {
        return lastFailure;
    }

    /**
     * Whether the uplink thread runs and has not been failing, without a good round since, for
     * longer than {@code stuckAfter}. What the watchdog and the status LED require.
     */
    public boolean isLive(Duration stuckAfter) {
        Thread t = runner;
        if (t == null || !t.isAlive()) {
            return false;
        }
        long since = failingSinceNanos;
        return since == 0 || System.nanoTime() - since <= stuckAfter.toNanos();
    }

    /**
     * At a clean stop, with sampling ended: sends what is pending now, the reporting interval
     * notwithstanding, and waits until the outbox is empty, a send fails, or {@code budget} is spent.
     * Whatever is left stays in the outbox for the next start. True when nothing is left.
     */
    public boolean flush(Duration budget) throws InterruptedException {
        long failedBefore = failed.get() + loopFailures.get();
        long deadline = System.nanoTime() + budget.toNanos();
        flushing = true; // no reporting-interval hold and no spread wait: the node is about to stop
        wake();
        synchronized (progress) {
            for (long left = budget.toNanos(); outbox.pendingCount() > 0 && left > 0
                    && failed.get() + loopFailures.get() == failedBefore; left = deadline - System.nanoTime()) {
                progress.wait(Math.max(1, left / 1_000_000));
            }
        }
        return outbox.pendingCount() == 0;
    }

    private void progressed() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** Readings acknowledged by the server since start. */
    public long deliveredCount() {
        return delivered;
    }

    @Override
    public void run() {
        runner = Thread.currentThread();
        logSpread();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    drain();
                } catch (RuntimeException e) {
                    if (failingSinceNanos == 0) {
                        restarts.reset(); // a good round since the last failure: start the back-off over
                    }
                    Duration restartIn = restarts.next();
                    registered.take();
                    failed(e, restartIn);
                    backOff(restartIn);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Error e) {
            LOG.error("uplink thread ended: {}; nothing is sent until the node restarts (the watchdog will see it)",
                    e.toString(), e);
            throw e;
        }
    }

    private void failed(RuntimeException e, Duration restartIn) {
        long n = loopFailures.incrementAndGet();
        progressed();
        lastFailure = e.getMessage() == null ? e.toString() : e.getMessage();
        if (failingSinceNanos == 0) {
            failingSinceNanos = System.nanoTime() | 1; // 0 means "not failing"
        }
        LOG.error("uplink failed (#{}): {}; restarting it in {} ms", n, lastFailure, restartIn.toMillis(), e);
    }

    /** The drain loop; returns only by an exception (the caller restarts it) or interrupt. */
    private void drain() throws InterruptedException {
        while (!Thread.currentThread().isInterrupted()) {
            List<StoredReading> batch = outbox.pending(limit);
            failingSinceNanos = 0;
            if (batch.isEmpty()) {
                await(Duration.ofMinutes(10));
                continue;
            }
            if (!transport.isReady()) {
                await(retryMin);
                continue;
            }
            Duration hold = holdForReportingInterval(batch.size());
            if (hold.isPositive()) {
                await(hold);
                continue;
            }
            Instant spreadUntil = holdForSpread();
            if (spreadUntil != null) {
                sleeper.sleepUntil(spreadUntil, work);
                continue;
            }
            long start = System.nanoTime();
            ReadingTransport.Outcome outcome;
            registered.take(); // only a registration from now on ends the back-off after a failure
            try {
                outcome = transport.send(batch, sendTimeout);
            } catch (RuntimeException e) {
                // A throwing transport must not end this thread: nothing would be sent until restart.
                outcome = ReadingTransport.Outcome.failed("transport error: " + e);
            }
            switch (outcome.kind()) {
                case DELIVERED -> {
                    recordSuccess(System.nanoTime() - start);
                    outbox.markDelivered(batch.get(batch.size() - 1).seq());
                    delivered += batch.size();
                    sendRetries.reset();
                    refusals = 0;
                    LOG.debug("sent {} reading(s) up to seq {}", batch.size(), batch.get(batch.size() - 1).seq());
                    progressed();
                }
                case REJECTED -> {
                    if (!outcome.rejected().isEmpty()) {
                        setAside(outcome.rejected(), outcome.detail());
                    } else if (!isolate(batch, outcome.detail())) { // rejected without naming readings
                        failedSend(batch, outcome);
                    }
                }
                case REFUSED -> {
                    if (!isolate(batch, outcome.detail())) {
                        failedSend(batch, outcome);
                    }
                }
                case FAILED -> failedSend(batch, outcome);
            }
        }
        throw new InterruptedException();
    }

    private void failedSend(List<StoredReading> batch, ReadingTransport.Outcome outcome)
            throws InterruptedException {
        failed.incrementAndGet();
        progressed();
        Duration pause = sendRetries.next();
        LOG.warn("send of {} reading(s) (seq {}..{}) failed: {}; {} kept in the outbox, retry in {} (attempt {})",
                batch.size(), batch.get(0).seq(), batch.get(batch.size() - 1).seq(), outcome.detail(),
                outbox.pendingCount(), seconds(pause),
                sendRetries.attempts());
        backOff(pause);
    }

    /**
     * A refused batch: retried as transient until the same batch was refused
     * {@link #REFUSALS_BEFORE_ISOLATING} times; then halved until the one reading the server will
     * not take is alone, and that one set aside. True when the refusal was handled here (no back-off).
     */
    private boolean isolate(List<StoredReading> batch, String detail) {
        long first = batch.get(0).seq();
        refusals = first == refusedFirstSeq ? refusals + 1 : 1;
        refusedFirstSeq = first;
        // A single reading is set aside only after as many refusals as a batch, so one refusal that was
        // a stale registration (met while halving) never costs a good reading.
        if ((!isolating || batch.size() == 1) && refusals < REFUSALS_BEFORE_ISOLATING) {
            return false;
        }
        failed.incrementAndGet();
        if (batch.size() == 1) {
            setAside(List.of(first), "server refused it " + refusals + " times: " + detail);
            return true;
        }
        isolating = true;
        refusals = 0;
        limit = Math.max(1, batch.size() / 2);
        LOG.warn("server keeps refusing the batch from seq {} ({}): sending {} reading(s) at a time to find the one"
                + " it will not take", first, detail, limit);
        return true;
    }

    private void setAside(List<Long> seqs, String reason) {
        outbox.reject(seqs, reason);
        rejected.addAndGet(seqs.size());
        isolating = false;
        limit = batchSize;
        refusals = 0;
        refusedFirstSeq = -1;
        LOG.error("{} reading(s) (seq {}) can never be delivered and were set aside in the outbox's rejected table"
                + " ({} in all): {}", seqs.size(), seqs, outbox.rejectedCount(), reason);
        events.record(SecurityEvents.READINGS_REJECTED, seqs.size() + " reading(s) (seq " + seqs
                + ") set aside in the outbox's rejected table: " + reason);
    }

    private Duration holdForReportingInterval(int batchReadings) {
        Duration interval = reportingInterval;
        if (interval.isZero() || flushing || isolating || batchReadings >= limit || lastSuccessNanos == Long.MIN_VALUE) {
            return Duration.ZERO;
        }
        long dueIn = lastSuccessNanos + interval.toNanos() - System.nanoTime();
        return dueIn > 0 ? Duration.ofNanos(dueIn) : Duration.ZERO;
    }

    /**
     * The instant to wait for before sending, on the node's clock, or null to send now: the last
     * interval end plus this node's offset, unless flushing, already past, or further ahead than
     * the window allows (the clock was stepped back: waiting would stall the uplink).
     */
    private Instant holdForSpread() {
        Instant until = sendNotBefore;
        if (until == null || flushing) {
            return null;
        }
        Duration left = Duration.between(sleeper.clock().instant(), until);
        if (!left.isPositive() || left.compareTo(spread.window()) > 0) {
            sendNotBefore = null;
            return null;
        }
        return until;
    }

    private void logSpread() {
        SendSpread s = spread;
        if (s.window().isZero()) {
            LOG.info("uplink: sends not spread (uplink.spread 0s): this node sends right after each interval end");
        } else {
            LOG.info("uplink: sends spread over {}; this node sends {} after each interval end",
                    seconds(s.window()), seconds(s.offset()));
        }
    }

    /** "90 s", "37.2 s": a pause or offset as the log shows it. */
    static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s"
                : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private void recordSuccess(long rttNanos) {
        long rtt = rttNanos / 1_000_000;
        ok.incrementAndGet();
        lastRttMillis = rtt;
        rttSumMillis.addAndGet(rtt);
        maxRttMillis = Math.max(maxRttMillis, rtt);
        lastSuccessNanos = System.nanoTime();
    }

    /**
     * Waits {@code pause} on the node's clock; new readings do not cut it short, a (re)registration
     * since the failed attempt began does.
     */
    private void backOff(Duration pause) throws InterruptedException {
        sleeper.sleepUntil(sleeper.clock().instant().plus(pause), registered);
        work.take(); // readings that came meanwhile are in the next batch anyway
    }

    /** Waits up to {@code max} of real time, or until woken. */
    private void await(Duration max) throws InterruptedException {
        work.await(max.isPositive() ? max : Duration.ofMillis(1));
    }
}
