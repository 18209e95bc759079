package org.meternode.tools.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.SendRequest;
import org.meternode.app.lwm2m.RegistryObject;

/**
 * One simulated node: registers (queue mode; the fleet spreads registrations over the first interval,
 * as nodes that boot at different times are), then after each interval end, at its own offset in
 * the Send window, sends every interval not yet acknowledged in one LwM2M Send. A failed exchange
 * is retried after the node's full-jitter backoff; after a timeout the node handshakes again and
 * keeps its registration, and after an answer saying the head-end no longer knows it, registers
 * again first, as the real node does.
 * Never blocks a thread: each step runs on the fleet's shared executor.
 */
final class VirtualNode {
    /** Intervals in one Send at most (a node back from an outage sends what it holds in a few). */
    private static final int MAX_INTERVALS_PER_SEND = 12;

    private final int index;
    private final String endpoint;
    private final NodeLink link;
    private final FleetStreams streams;
    private final FleetPlan plan;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService executor;
    private final FleetStats stats;
    private final RetryDelays backoff;
    private final Duration offset;
    private final Runnable onFinished;
    private volatile Instant start;

    private boolean registered;
    private boolean announce = true;
    private boolean busy;
    private boolean stopped;
    private long due;
    private long acked;

    VirtualNode(int index, String endpoint, NodeLink link, FleetStreams streams, FleetPlan plan, Clock clock,
            LongSupplier nanoTime, ScheduledExecutorService executor, FleetStats stats, RetryDelays backoff,
            Runnable onFinished) {
        this.index = index;
        this.endpoint = endpoint;
        this.link = link;
        this.streams = streams;
        this.plan = plan;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.executor = executor;
        this.stats = stats;
        this.backoff = backoff;
        this.onFinished = onFinished;
        this.offset = NodePolicy.sendOffset(endpoint, plan.window());
    }

    String endpoint() {
        return endpoint;
    }

    /** Registers at {@code registerAt}, then reports every interval counted from {@code start}. */
    void begin(Instant start, Instant registerAt) {
        this.start = start;
        at(registerAt, this::wake);
        at(intervalEnd(1).plus(offset), () -> intervalEnded(1));
    }

    /** Interval {@code k}'s end, the timestamp of its readings. */
    Instant intervalEnd(long k) {
        return start.plus(plan.interval().multipliedBy(k));
    }

    synchronized boolean isRegistered() {
        return registered;
    }

    /** Every interval of the plan acknowledged by the head-end. */
    synchronized boolean finished() {
        return acked >= plan.intervals();
    }

    synchronized long acknowledgedIntervals() {
        return acked;
    }

    synchronized void stop() {
        stopped = true;
    }

    private void intervalEnded(long k) {
        synchronized (this) {
            if (stopped) {
                return;
            }
            due = k;
        }
        if (k < plan.intervals()) {
            at(intervalEnd(k + 1).plus(offset), () -> intervalEnded(k + 1));
        }
        wake();
    }

    private synchronized void wake() {
        if (!busy && !stopped) {
            step();
        }
    }

    /** Starts the next exchange, if there is one to make; holds the node's lock. */
    private void step() {
        if (!registered) {
            busy = true;
            link.exchange(registerRequest(), plan.timeout(), this::registerAnswered);
        } else if (acked < due) {
            busy = true;
            long upTo = Math.min(due, acked + MAX_INTERVALS_PER_SEND);
            long from = acked + 1;
            long began = nanoTime.getAsLong();
            link.exchange(new SendRequest(ContentFormat.SENML_CBOR, readings(from, upTo), null), plan.timeout(),
                    a -> sendAnswered(a, upTo, (int) ((upTo - from + 1) * streams.count()), began));
        } else {
            busy = false;
        }
    }

    private synchronized void registerAnswered(NodeLink.Answer a) {
        if (a.success()) {
            registered = true;
            announce = true;
            backoff.reset();
            stats.registered();
            step();
        } else {
            failed("register", a);
        }
    }

    private synchronized void sendAnswered(NodeLink.Answer a, long upTo, int readingCount, long began) {
        if (a.success()) {
            boolean wasFinished = finished();
            acked = Math.max(acked, upTo);
            if (!wasFinished && finished()) {
                onFinished.run();
            }
            announce = false;
            backoff.reset();
            stats.sent((nanoTime.getAsLong() - began) / 1000, readingCount);
            step();
        } else {
            failed("send", a);
        }
    }

    private void failed(String what, NodeLink.Answer a) {
        stats.error(what + " " + (a.code() != null ? a.code() : a.failure()));
        if (a.code() == null) {
            // No answer: the session's instance may be gone. Like the real node (Lwm2mNodeClient
            // reconnects after a Send with no answer), handshake again but keep the registration: a
            // head-end that shares registrations knows it; one that does not answers 4.00/4.04, below.
            link.forgetSession();
            if ("register".equals(what)) {
                registered = false;
            }
        } else if (a.code().startsWith("4.0") && !"4.29".equals(a.code())) {
            // 4.00/4.04 "no registration", 4.01/4.03: register again (after the backoff).
            registered = false;
        }
        if (stopped) {
            busy = false;
            return;
        }
        Duration wait = backoff.next();
        executor.schedule(() -> {
            synchronized (this) {
                busy = false;
                wake();
            }
        }, wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    private RegisterRequest registerRequest() {
        List<Link> links = new ArrayList<>(List.of(new Link("/1/0"), new Link("/3/0")));
        for (FleetStreams.Stream s : streams.all()) {
            links.add(new Link("/" + s.object().objectId() + "/" + s.instance()));
        }
        return new RegisterRequest(endpoint, plan.lifetime().toSeconds(), "1.1", EnumSet.of(BindingMode.U), true, null,
                links.toArray(Link[]::new), null);
    }

    private TimestampedLwM2mNodes readings(long from, long upTo) {
        TimestampedLwM2mNodes.Builder nodes = TimestampedLwM2mNodes.builder();
        for (long k = from; k <= upTo; k++) {
            Instant at = intervalEnd(k);
            for (FleetStreams.Stream s : streams.all()) {
                int resource = s.object().valueResource();
                nodes.put(at, new LwM2mPath(s.object().objectId(), s.instance(), resource),
                        LwM2mSingleResource.newFloatResource(resource, streams.value(index, k, s.index())));
            }
        }
        if (announce) {
            for (FleetStreams.Stream s : streams.all()) {
                nodes.put(new LwM2mPath(s.object().objectId(), s.instance(), RegistryObject.APPLICATION_TYPE),
                        LwM2mSingleResource.newStringResource(RegistryObject.APPLICATION_TYPE, s.applicationType()));
            }
        }
        return nodes.build();
    }

    private void at(Instant when, Runnable task) {
        long delay = Math.max(0, Duration.between(clock.instant(), when).toNanos());
        executor.schedule(() -> {
            stats.lag(Math.max(0, Duration.between(when, clock.instant()).toNanos() / 1000));
            task.run();
        }, delay, TimeUnit.NANOSECONDS);
    }
}
