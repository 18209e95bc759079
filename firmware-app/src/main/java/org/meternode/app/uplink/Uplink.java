package org.meternode.app.uplink;

import java.time.Duration;
import java.util.List;
import org.meternode.app.events.SecurityEvents;
import org.meternode.app.outbox.Outbox;
import org.meternode.app.outbox.StoredReading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox oldest first, one batch at a time; a batch is marked delivered only after the
 * server acknowledged it. Waits (without polling) until there is something to send and the
 * transport is ready; backs off exponentially after transient failures (no connection, timeouts,
 * 5.xx). Readings that can never be sent are set aside in the outbox's rejected table instead of
 * blocking everything behind them: those the transport names (a stream that no longer exists), and
 * a reading the server refuses (4.xx) every time, found by halving the refused batch until only it
 * is left. Runs on one named thread, supervised: a failure of the loop itself (the outbox cannot be
 * read or written) is logged, counted and the loop restarts after a back-off; {@link #isLive}
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
    private final Duration retryMax;
    private final Object signal = new Object();
    private boolean woken;
    private long backoffUntilNanos;
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

    public Uplink(Outbox outbox, ReadingTransport transport, int batchSize, Duration sendTimeout,
            Duration retryMin, Duration retryMax) {
        this(outbox, transport, batchSize, sendTimeout, retryMin, retryMax, SecurityEvents.NONE);
    }

    /** @param events where readings set aside for good are recorded ({@link SecurityEvents#READINGS_REJECTED}) */
    public Uplink(Outbox outbox, ReadingTransport transport, int batchSize, Duration sendTimeout,
            Duration retryMin, Duration retryMax, SecurityEvents events) {
        this.events = events;
        this.outbox = outbox;
        this.transport = transport;
        this.batchSize = batchSize;
        this.sendTimeout = sendTimeout;
        this.retryMin = retryMin;
        this.retryMax = retryMax;
        this.limit = batchSize;
    }

    /** New readings are in the outbox: send them now, unless backing off after a failure. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** The transport became ready (registered): end any back-off and send now. */
    public void transportReady() {
        synchronized (signal) {
            backoffUntilNanos = 0;
            woken = true;
            signal.notifyAll();
        }
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
        flushing = true;
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
        Duration restartIn = retryMin;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    drain();
                } catch (RuntimeException e) {
                    if (failingSinceNanos == 0) {
                        restartIn = retryMin; // a good round since the last failure: start the back-off over
                    }
                    failed(e, restartIn);
                    backOff(restartIn);
                    restartIn = min(restartIn.multipliedBy(2), retryMax);
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
        Duration backoff = retryMin;
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
            long start = System.nanoTime();
            ReadingTransport.Outcome outcome;
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
                    backoff = retryMin;
                    refusals = 0;
                    LOG.debug("sent {} reading(s) up to seq {}", batch.size(), batch.get(batch.size() - 1).seq());
                    progressed();
                }
                case REJECTED -> {
                    if (!outcome.rejected().isEmpty()) {
                        setAside(outcome.rejected(), outcome.detail());
                    } else if (!isolate(batch, outcome.detail())) { // rejected without naming readings
                        backoff = failedSend(batch, outcome, backoff);
                    }
                }
                case REFUSED -> {
                    if (!isolate(batch, outcome.detail())) {
                        backoff = failedSend(batch, outcome, backoff);
                    }
                }
                case FAILED -> backoff = failedSend(batch, outcome, backoff);
            }
        }
        throw new InterruptedException();
    }

    private Duration failedSend(List<StoredReading> batch, ReadingTransport.Outcome outcome, Duration backoff)
            throws InterruptedException {
        failed.incrementAndGet();
        progressed();
        LOG.warn("send of {} reading(s) (seq {}..{}) failed: {}; {} kept in the outbox, retry in {} s",
                batch.size(), batch.get(0).seq(), batch.get(batch.size() - 1).seq(), outcome.detail(),
                outbox.pendingCount(), backoff.toSeconds());
        backOff(backoff);
        return min(backoff.multipliedBy(2), retryMax);
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

    private void recordSuccess(long rttNanos) {
        long rtt = rttNanos / 1_000_000;
        ok.incrementAndGet();
        lastRttMillis = rtt;
        rttSumMillis.addAndGet(rtt);
        maxRttMillis = Math.max(maxRttMillis, rtt);
        lastSuccessNanos = System.nanoTime();
    }

    /** Waits {@code pause}; new readings do not cut it short, a (re)registration does. */
    private void backOff(Duration pause) throws InterruptedException {
        synchronized (signal) {
            backoffUntilNanos = System.nanoTime() + pause.toNanos();
            for (long left = pause.toNanos(); backoffUntilNanos != 0 && left > 0;
                    left = backoffUntilNanos - System.nanoTime()) {
                signal.wait(Math.max(1, left / 1_000_000));
            }
            backoffUntilNanos = 0;
            woken = false;
        }
    }

    private void await(Duration max) throws InterruptedException {
        synchronized (signal) {
            if (!woken) {
                signal.wait(Math.max(1, max.toMillis()));
            }
            woken = false;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
