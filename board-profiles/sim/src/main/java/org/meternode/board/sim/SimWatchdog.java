package org.meternode.board.sim;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.meternode.hal.Watchdog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated hardware watchdog on WALL time (a real one counts real seconds whatever the sim's
 * speed): armed when the board hands it out; unless fed within the timeout it logs an error and
 * resets the board through the reset action (by default the process halts, as a reboot would end
 * it). A platform thread {@code meternode-sim-watchdog} checks four times per timeout until
 * {@link #close()} (magic close: disarmed). Records every feed for tests.
 */
public final class SimWatchdog implements Watchdog {
    /** Exit status of the default reset: the process halts as if the board rebooted. */
    public static final int RESET_EXIT_STATUS = 86;
    private static final Logger LOG = LoggerFactory.getLogger(SimWatchdog.class);

    private final Duration timeout;
    private final WallTime wall;
    private final Consumer<String> reset;
    private final List<Instant> feeds = new ArrayList<>();
    private Instant lastFeed;
    private boolean closed;
    private boolean fired;
    private Thread checker;

    SimWatchdog(Duration timeout, WallTime wall, Consumer<String> reset) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.wall = Objects.requireNonNull(wall, "wall");
        this.reset = Objects.requireNonNull(reset, "reset");
        this.lastFeed = wall.instant();
    }

    /** The default reset action: halt the JVM with {@link #RESET_EXIT_STATUS}. */
    static void halt(String why) {
        Runtime.getRuntime().halt(RESET_EXIT_STATUS);
    }

    /** Starts the checking thread; the countdown runs from construction. */
    synchronized SimWatchdog start() {
        if (checker == null) {
            checker = Thread.ofPlatform().name("meternode-sim-watchdog").daemon().start(this::checkLoop);
        }
        return this;
    }

    @Override
    public synchronized void feed() throws IOException {
        if (closed) {
            throw new IOException("sim watchdog: closed");
        }
        lastFeed = wall.instant();
        feeds.add(lastFeed);
    }

    /** Disarms it (magic close) and stops its thread. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = checker;
        }
        if (t != null) {
            t.interrupt();
        }
    }

    /**
     * Decides now: if armed and the last feed is more than the timeout of wall time ago, logs an
     * error and resets the board (once). True when it fired. The thread calls this; tests may too.
     */
    public boolean check() {
        String why;
        synchronized (this) {
            if (closed || fired) {
                return fired;
            }
            Duration starved = Duration.between(lastFeed, wall.instant());
            if (starved.compareTo(timeout) <= 0) {
                return false;
            }
            fired = true;
            why = "sim watchdog: not fed for " + starved.toMillis() + " ms (timeout " + timeout.toMillis()
                    + " ms): resetting the board";
        }
        LOG.error(why);
        reset.accept(why);
        return true;
    }

    /** Wall times of every feed so far. */
    public synchronized List<Instant> feeds() {
        return List.copyOf(feeds);
    }

    public Duration timeout() {
        return timeout;
    }

    /** Whether it has reset the board. */
    public synchronized boolean fired() {
        return fired;
    }

    private void checkLoop() {
        // Real sleeps, not WallTime.sleep: a test's manual wall time must only move when the test moves it.
        Duration period = timeout.dividedBy(4);
        try {
            while (!check()) {
                Thread.sleep(period);
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
