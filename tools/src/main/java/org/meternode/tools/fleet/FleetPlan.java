package org.meternode.tools.fleet;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.meternode.tools.headend.PskEntry;

/**
 * What a fleet run does, validated once: the nodes (one PSK entry each, their endpoint names), the
 * head-end, the reporting interval and how long to report, the Send window and retry policy.
 *
 * @param window       each node sends at its own stable offset in this window after an interval end
 * @param backoffBase  first retry delay ceiling after a failure (full jitter)
 * @param backoffCap   largest retry delay ceiling
 * @param timeout      how long one exchange (handshake included) may take before it counts as failed
 * @param grace        after {@code duration}, how long nodes may still deliver what they hold
 * @param speed        every duration above, and the node's DTLS and CoAP retransmission timers, run this
 *                     many times fast (1: real time); {@link #wallClock()} is the plan as it runs
 */
public record FleetPlan(List<PskEntry> nodes, URI server, Duration interval, Duration duration, int streams,
        long seed, Duration window, Duration backoffBase, Duration backoffCap, Duration timeout, Duration grace,
        Duration lifetime, int speed) {
    public FleetPlan {
        if (speed < 1) {
            throw new IllegalArgumentException("--speed " + speed + ": must be 1 (real time) or more");
        }
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(server, "server");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no nodes: --nodes must be at least 1");
        }
        if (!"coaps".equals(server.getScheme()) || server.getHost() == null || server.getPort() <= 0) {
            throw new IllegalArgumentException("--server " + server + ": must be coaps://HOST:PORT");
        }
        positive("--interval", interval);
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("--interval " + interval.toMillis() + " ms: must be at least 1 s");
        }
        if (speed > 1 && interval.dividedBy(speed).compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("--interval " + interval.toSeconds() + " s at --speed " + speed + " is "
                    + interval.dividedBy(speed).toMillis() + " ms of wall time: at most --speed "
                    + interval.toSeconds() + " for this interval");
        }
        positive("--duration", duration);
        if (duration.compareTo(interval) < 0) {
            throw new IllegalArgumentException("--duration " + duration.toSeconds() + " s is shorter than --interval "
                    + interval.toSeconds() + " s: no interval would end");
        }
        if (window.isNegative() || window.compareTo(interval) >= 0) {
            throw new IllegalArgumentException("--spread " + window.toMillis() + " ms: must be 0 or more and shorter than"
                    + " --interval " + interval.toMillis() + " ms");
        }
        positive("backoff base", backoffBase);
        if (backoffCap.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("backoff cap " + backoffCap + " is below its base " + backoffBase);
        }
        positive("timeout", timeout);
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace " + grace + " is negative");
        }
        positive("lifetime", lifetime);
        new FleetStreams(streams, seed); // checks the stream count
    }

    /** A plan with the node's defaults: its Send window for the interval, its retry-min and retry-max. */
    public static FleetPlan of(List<PskEntry> nodes, URI server, Duration interval, Duration duration, int streams,
            long seed) {
        return new FleetPlan(nodes, server, interval, duration, streams, seed, NodePolicy.defaultWindow(interval),
                NodePolicy.RETRY_MIN, NodePolicy.RETRY_MAX, Duration.ofSeconds(10),
                interval.plus(NodePolicy.RETRY_MAX).plusSeconds(30), Duration.ofDays(1), 1);
    }

    /** The same plan with every duration divided by {@code speed}, speed 1: what the nodes' timers use. */
    public FleetPlan wallClock() {
        if (speed == 1) {
            return this;
        }
        // The speed check above keeps the wall-clock interval at 1 s or more.
        return new FleetPlan(nodes, server, interval.dividedBy(speed), duration.dividedBy(speed), streams, seed,
                window.dividedBy(speed), backoffBase.dividedBy(speed), backoffCap.dividedBy(speed),
                timeout.dividedBy(speed), grace.dividedBy(speed), lifetime, 1);
    }

    public FleetPlan withSpeed(int s) {
        return new FleetPlan(nodes, server, interval, duration, streams, seed, window, backoffBase, backoffCap, timeout,
                grace, lifetime, s);
    }

    public FleetPlan withWindow(Duration w) {
        return new FleetPlan(nodes, server, interval, duration, streams, seed, w, backoffBase, backoffCap, timeout,
                grace, lifetime, speed);
    }

    public FleetPlan withBackoff(Duration base, Duration cap) {
        return new FleetPlan(nodes, server, interval, duration, streams, seed, window, base, cap, timeout, grace,
                lifetime, speed);
    }

    public FleetPlan withTimeout(Duration t) {
        return new FleetPlan(nodes, server, interval, duration, streams, seed, window, backoffBase, backoffCap, t,
                grace, lifetime, speed);
    }

    public FleetPlan withGrace(Duration g) {
        return new FleetPlan(nodes, server, interval, duration, streams, seed, window, backoffBase, backoffCap,
                timeout, g, lifetime, speed);
    }

    /** Intervals that end within {@code duration}: each node reports each of them once. */
    public long intervals() {
        return duration.toMillis() / interval.toMillis();
    }

    /** Readings the head-end should hold at the end: nodes x intervals x streams. */
    public long expectedReadings() {
        return nodes.size() * intervals() * streams;
    }

    private static void positive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive (got " + d + ")");
        }
    }
}
