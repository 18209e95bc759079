package org.meternode.app.node;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.meternode.app.events.SecurityEvents;
import org.meternode.hal.Board;
import org.meternode.hal.BoardException;
import org.meternode.hal.DigitalInput;
import org.meternode.hal.DigitalOutput;
import org.meternode.hal.Sleeper;
import org.meternode.hal.Watchdog;
import org.meternode.hal.WatchdogKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The board extras the options switch on: the hardware watchdog, fed only while the sampling loop
 * is on schedule and the uplink is live (a hung loop, or an uplink that died or keeps failing,
 * reboots the node: readings taken but never sent are no better than a hung sampler); the
 * enclosure tamper switch, polled once a second, each change a security event; and the status
 * LED, lit while readings reach the server.
 */
final class BoardSupervision implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BoardSupervision.class);
    /** Hardware timeouts are about 15 s (Pi) and rarely under 10 s; feed well inside them. */
    static final Duration FEED_INTERVAL = Duration.ofSeconds(3);
    /** How long the sampling loop may be late (sampling, or past its wake time) before feeding stops. */
    static final Duration LATE_GRACE = Duration.ofMinutes(2);
    static final Duration TAMPER_POLL = Duration.ofSeconds(1);

    private final Sleeper sleeper;
    private final SecurityEvents events;
    private final Optional<WatchdogKeeper> keeper;
    private final Optional<SystemdNotify> systemd;
    private final Optional<WatchdogKeeper> systemdKeeper;
    private final Optional<DigitalInput> tamper;
    private final Optional<DigitalOutput> led;
    private Thread tamperThread;
    private volatile Boolean enclosureOpen;
    private volatile Boolean ledLit;

    private BoardSupervision(Sleeper sleeper, SecurityEvents events, Optional<WatchdogKeeper> keeper,
            Optional<SystemdNotify> systemd, Optional<WatchdogKeeper> systemdKeeper, Optional<DigitalInput> tamper,
            Optional<DigitalOutput> led) {
        this.sleeper = sleeper;
        this.events = events;
        this.keeper = keeper;
        this.systemd = systemd;
        this.systemdKeeper = systemdKeeper;
        this.tamper = tamper;
        this.led = led;
    }

    /**
     * Takes the board's extras; the watchdog is armed from here on (feeding starts with {@link #start()}).
     *
     * @param loopOnSchedule whether the sampling loop is running and on time
     * @param uplinkLive     whether the uplink thread runs and is not stuck failing
     */
    static BoardSupervision open(Board board, SecurityEvents events, BooleanSupplier loopOnSchedule,
            BooleanSupplier uplinkLive) throws BoardException {
        return open(board, events, loopOnSchedule, uplinkLive,
                SystemdNotify.fromEnvironment(System.getenv(), SystemdNotify.COMMAND));
    }

    /** As above, with the service manager's notifier when the node runs under the systemd unit. */
    static BoardSupervision open(Board board, SecurityEvents events, BooleanSupplier loopOnSchedule,
            BooleanSupplier uplinkLive, Optional<SystemdNotify> systemd) throws BoardException {
        Optional<Watchdog> watchdog = board.watchdog();
        BooleanSupplier alive = new Liveness(loopOnSchedule, uplinkLive);
        Optional<WatchdogKeeper> keeper = watchdog.map(w -> new WatchdogKeeper(w, board.sleeper(), LATE_GRACE,
                alive));
        // systemd's watchdog runs in real time whatever the board's clock (the sim's may run faster)
        Optional<WatchdogKeeper> systemdKeeper = systemd.filter(n -> n.pingInterval().isPresent())
                .map(n -> new WatchdogKeeper(n, Sleeper.system(), LATE_GRACE, alive));
        return new BoardSupervision(board.sleeper(), events, keeper, systemd, systemdKeeper, board.tamper(),
                board.statusLed());
    }

    /** Starts feeding the watchdog and watching the tamper switch. */
    void start() {
        keeper.ifPresent(k -> {
            k.start(FEED_INTERVAL);
            LOG.info("hardware watchdog fed every {} s while the sampling loop is on schedule and the uplink live",
                    FEED_INTERVAL.toSeconds());
        });
        systemdKeeper.ifPresent(k -> {
            Duration every = systemd.orElseThrow().pingInterval().orElseThrow();
            k.start(every);
            LOG.info("systemd watchdog pinged every {} s while the sampling loop is on schedule and the uplink live",
                    every.toSeconds());
        });
        if (tamper.isPresent()) {
            checkTamper();
            tamperThread = Thread.ofVirtual().name("meternode-tamper").start(this::watchTamper);
        }
    }

    /** Tells systemd (when it runs the node) that the node is up: {@code status} shows in systemctl status. */
    void ready(String status) {
        notifySystemd(n -> n.ready(status), "READY");
    }

    /** Tells systemd (when it runs the node) that a clean stop has begun. */
    void stopping() {
        notifySystemd(SystemdNotify::stopping, "STOPPING");
    }

    private interface Message {
        void send(SystemdNotify n) throws IOException;
    }

    private void notifySystemd(Message message, String what) {
        if (systemd.isEmpty()) {
            return;
        }
        try {
            message.send(systemd.get());
        } catch (IOException e) {
            LOG.warn("systemd notification {}: {}", what, e.getMessage());
        }
    }

    /** Pings systemd's watchdog now if the node is healthy; false when not run by a unit with WatchdogSec. */
    boolean pingSystemd() throws IOException {
        return systemdKeeper.isPresent() && systemdKeeper.get().feedIfHealthy();
    }

    /** Feeds the watchdog now if the node is healthy (what the keeper thread does); false without one. */
    boolean feedWatchdog() throws IOException {
        return keeper.isPresent() && keeper.get().feedIfHealthy();
    }

    /** Both loops, logging once which one is not alive when that changes. */
    private static final class Liveness implements BooleanSupplier {
        private final BooleanSupplier sampler;
        private final BooleanSupplier uplink;
        private String lastProblem = "";

        Liveness(BooleanSupplier sampler, BooleanSupplier uplink) {
            this.sampler = sampler;
            this.uplink = uplink;
        }

        @Override
        public synchronized boolean getAsBoolean() {
            boolean sampling = sampler.getAsBoolean();
            boolean sending = uplink.getAsBoolean();
            String problem = !sampling ? "sampling loop not on schedule" : !sending ? "uplink dead or failing" : "";
            if (!problem.equals(lastProblem)) {
                if (problem.isEmpty()) {
                    LOG.info("watchdog: sampling loop and uplink alive again");
                } else {
                    LOG.warn("watchdog: {}; the watchdog is starved if this lasts {} s", problem,
                            LATE_GRACE.toSeconds());
                }
                lastProblem = problem;
            }
            return sampling && sending;
        }
    }

    /** Whether the enclosure was open at the last check; empty without a tamper switch. */
    Optional<Boolean> enclosureOpen() {
        return Optional.ofNullable(enclosureOpen);
    }

    /**
     * Lights the LED when readings are reaching the server, darkens it when they are not; asks
     * {@code delivering} (an outbox query) only when there is an LED to show it on.
     */
    void showDelivering(BooleanSupplier delivering) {
        if (led.isPresent()) {
            setLed(delivering.getAsBoolean());
        }
    }

    private void setLed(boolean lit) {
        if (led.isEmpty() || Boolean.valueOf(lit).equals(ledLit)) {
            return;
        }
        try {
            led.get().set(lit);
            ledLit = lit;
        } catch (IOException e) {
            LOG.warn("status LED: {}", e.getMessage());
        }
    }

    private void watchTamper() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                sleeper.sleepUntil(sleeper.clock().instant().plus(TAMPER_POLL));
            } catch (InterruptedException e) {
                return;
            }
            checkTamper();
        }
    }

    private void checkTamper() {
        boolean open;
        try {
            open = tamper.orElseThrow().isHigh();
        } catch (IOException e) {
            LOG.warn("tamper switch: {}", e.getMessage());
            return;
        }
        Boolean before = enclosureOpen;
        enclosureOpen = open;
        if (before == null && !open) {
            return; // closed at start: the normal state, nothing to report
        }
        if (before == null || before != open) {
            String what = open ? "enclosure opened (tamper switch open)" : "enclosure closed (tamper switch closed)";
            if (open) {
                LOG.warn("{}", what);
            } else {
                LOG.info("{}", what);
            }
            events.record(SecurityEvents.TAMPER, what);
        }
    }

    @Override
    public void close() {
        Thread t = tamperThread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        keeper.ifPresent(WatchdogKeeper::close);
        systemdKeeper.ifPresent(WatchdogKeeper::close);
        setLed(false);
    }
}
