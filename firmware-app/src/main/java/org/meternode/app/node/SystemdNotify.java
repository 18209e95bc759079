package org.meternode.app.node;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.meternode.hal.Watchdog;

/**
 * systemd's service notification (sd_notify) for a node run by the packaged unit ({@code Type=notify},
 * {@code WatchdogSec}): READY when the node samples, WATCHDOG pings while it is healthy, STOPPING at a
 * clean stop. The JDK has no AF_UNIX datagram socket, so each message goes through the
 * {@code systemd-notify} command, which waits until the service manager has read it (the node is the
 * launcher's child: the unit has {@code NotifyAccess=all}). As a {@link Watchdog}, a
 * {@link org.meternode.hal.WatchdogKeeper} feeds it by the same rule as the hardware watchdog.
 */
final class SystemdNotify implements Watchdog {
    static final String COMMAND = "systemd-notify";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final String command;
    private final Optional<Duration> watchdogTimeout;

    SystemdNotify(String command, Optional<Duration> watchdogTimeout) {
        this.command = command;
        this.watchdogTimeout = watchdogTimeout;
    }

    /**
     * The notifier when the service manager asked for one ({@code NOTIFY_SOCKET} set); the watchdog
     * timeout from {@code WATCHDOG_USEC} when the unit has one.
     */
    static Optional<SystemdNotify> fromEnvironment(Map<String, String> env, String command) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new SystemdNotify(command, watchdogTimeout(env.get("WATCHDOG_USEC"))));
    }

    private static Optional<Duration> watchdogTimeout(String usec) {
        if (usec == null) {
            return Optional.empty();
        }
        try {
            long micros = Long.parseLong(usec.strip());
            return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1000)) : Optional.empty();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("WATCHDOG_USEC is not a number of microseconds: '" + usec + "'", e);
        }
    }

    /** How often to ping: half the unit's watchdog timeout (sd_watchdog_enabled's advice); empty without one. */
    Optional<Duration> pingInterval() {
        return watchdogTimeout.map(t -> t.dividedBy(2));
    }

    /** The node is up and sampling. */
    void ready(String status) throws IOException {
        send("READY=1", "STATUS=" + status);
    }

    /** A clean stop has begun. */
    void stopping() throws IOException {
        send("STOPPING=1");
    }

    /** One watchdog ping. */
    @Override
    public void feed() throws IOException {
        send("WATCHDOG=1");
    }

    @Override
    public void close() {
        // nothing held: each message is its own process
    }

    private void send(String... assignments) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.addAll(List.of(assignments));
        // its complaints go to the node's stderr (the journal)
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            if (!p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(command + " " + assignments[0] + ": no answer within " + COMMAND_TIMEOUT.toSeconds()
                        + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(command + " " + assignments[0] + " exited " + p.exitValue());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(command + " " + assignments[0] + ": interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "systemd watchdog (" + command + ")";
    }
}
