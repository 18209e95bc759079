package org.meternode.hal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a {@link Watchdog} only while the app proves it is alive: the app calls {@link #healthy()}
 * after each good sampling loop, and a feed happens only if the last one is at most {@code window}
 * old. A hung or crashed loop therefore stops the feeding and the hardware reboots the node. The
 * hardware timeout is short (about 15 s on a Pi), so feeds come from a keeper thread every
 * {@code feedInterval} rather than from the loop itself.
 */
public final class WatchdogKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatchdogKeeper.class);

    private final Watchdog watchdog;
    private final Sleeper sleeper;
    private final Duration window;
    private final BooleanSupplier liveness;
    private volatile Instant lastHealthy;
    private boolean starving;
    private boolean stopping;
    private Thread thread;

    /** The window starts now: the first healthy() is due within {@code window}. */
    public WatchdogKeeper(Watchdog watchdog, Sleeper sleeper, Duration window) {
        this(watchdog, sleeper, window, () -> false);
    }

    /**
     * A keeper that also asks {@code liveness} before each feed: a true answer counts as a
     * {@link #healthy()} call. The app passes a check of its sampling loop (running, and not late
     * for its next interval), so health does not depend on how long the interval is.
     */
    public WatchdogKeeper(Watchdog watchdog, Sleeper sleeper, Duration window, BooleanSupplier liveness) {
        this.liveness = Objects.requireNonNull(liveness, "liveness");
        this.watchdog = Objects.requireNonNull(watchdog, "watchdog");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        if (!window.isPositive()) {
            throw new IllegalArgumentException("watchdog window must be positive: " + window);
        }
        this.window = window;
        this.lastHealthy = sleeper.clock().instant();
    }

    /** The app finished a good loop. */
    public void healthy() {
        lastHealthy = sleeper.clock().instant();
    }

    /** Feeds the watchdog if the last {@link #healthy()} is within the window; says whether it fed. */
    public synchronized boolean feedIfHealthy() throws IOException {
        if (liveness.getAsBoolean()) {
            healthy();
        }
        Duration silent = Duration.between(lastHealthy, sleeper.clock().instant());
        if (silent.compareTo(window) > 0) {
            if (!starving) {
                LOG.error("no healthy sampling loop for {} (window {}): no longer feeding {}; the node will reboot",
                        silent, window, watchdog);
                starving = true;
            }
            return false;
        }
        if (starving) {
            LOG.warn("sampling loop healthy again: feeding {} again", watchdog);
            starving = false;
        }
        watchdog.feed();
        return true;
    }

    private synchronized void feedUnlessStopping() throws IOException {
        if (!stopping) {
            feedIfHealthy();
        }
    }

    /** Starts the thread that calls {@link #feedIfHealthy()} every {@code feedInterval}. */
    public synchronized void start(Duration feedInterval) {
        if (!feedInterval.isPositive()) {
            throw new IllegalArgumentException("feed interval must be positive: " + feedInterval);
        }
        if (thread != null) {
            throw new IllegalStateException("watchdog keeper already started");
        }
        thread = Thread.ofVirtual().name("meternode-watchdog").start(() -> run(feedInterval));
    }

    /** Stops the thread (the watchdog itself is closed by the board that opened it). */
    @Override
    public void close() {
        Thread t;
        // Under the monitor, so the interrupt never lands during a feed (see DevWatchdog.writeByte).
        synchronized (this) {
            stopping = true;
            t = thread;
            thread = null;
            if (t != null) {
                t.interrupt();
            }
        }
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run(Duration feedInterval) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                feedUnlessStopping();
            } catch (IOException e) {
                LOG.error("feeding {} failed: {}", watchdog, e.getMessage());
            }
            try {
                sleeper.sleepUntil(sleeper.clock().instant().plus(feedInterval));
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
