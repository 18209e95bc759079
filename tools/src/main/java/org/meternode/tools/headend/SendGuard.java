package org.meternode.tools.headend;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.meternode.app.lwm2m.ObjectModels;

/**
 * The head-end's limits on one decoded Send, checked before anything is stored: at most
 * {@link #MAX_RECORDS} values, only objects the head-end knows, finite numbers, strings and opaque
 * values of at most {@link #MAX_VALUE_LENGTH}, and timestamps between {@link #EARLIEST} and
 * {@link #FUTURE_SLACK} after now. A Send breaking any of them is refused whole (4.00) with a
 * message naming the first offending path; nothing of it is stored. (Payload size is capped before
 * decoding, by the CoAP layer: {@link #MAX_PAYLOAD_BYTES}, 4.13.)
 */
final class SendGuard {
    /** Largest Send body (and any request body) the CoAP layer accepts; larger is refused with 4.13. */
    static final int MAX_PAYLOAD_BYTES = 8192;
    /** Values in one Send; a node sends a few dozen. */
    static final int MAX_RECORDS = 500;
    /** Characters of a string value (or bytes of an opaque one). */
    static final int MAX_VALUE_LENGTH = 1024;
    /** No meter reading is older than this. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** How far ahead of the head-end's clock a node's clock may run. */
    static final Duration FUTURE_SLACK = Duration.ofDays(1);

    private static final Set<Integer> KNOWN_OBJECTS = ObjectModels.all().stream().map(m -> m.id)
            .collect(Collectors.toUnmodifiableSet());

    private final Clock clock;

    SendGuard(Clock clock) {
        this.clock = clock;
    }

    /** Why {@code data} must be refused, or empty when it may be stored. */
    Optional<String> refusal(TimestampedLwM2mNodes data) {
        Instant latest = clock.instant().plus(FUTURE_SLACK);
        int records = 0;
        for (Instant at : data.getTimestamps()) {
            if (at != null && (at.isBefore(EARLIEST) || at.isAfter(latest))) {
                return Optional.of("timestamp " + at + " of " + firstPath(data.getNodesAt(at))
                        + " is outside " + EARLIEST + " .. now + " + FUTURE_SLACK.toHours() + " h");
            }
            for (Map.Entry<LwM2mPath, LwM2mNode> e : data.getNodesAt(at).entrySet()) {
                records += count(e.getValue());
                if (records > MAX_RECORDS) {
                    return Optional.of("more than " + MAX_RECORDS + " values in one Send");
                }
                Optional<String> wrong = check(e.getKey(), e.getValue());
                if (wrong.isPresent()) {
                    return wrong;
                }
            }
        }
        return records == 0 ? Optional.of("the Send carries no values") : Optional.empty();
    }

    private static String firstPath(Map<LwM2mPath, LwM2mNode> nodes) {
        return nodes.keySet().stream().findFirst().map(LwM2mPath::toString).orElse("(no path)");
    }

    private static int count(LwM2mNode node) {
        if (node instanceof LwM2mObject o) {
            return o.getInstances().values().stream().mapToInt(SendGuard::count).sum();
        }
        if (node instanceof LwM2mObjectInstance i) {
            return i.getResources().values().stream().mapToInt(SendGuard::count).sum();
        }
        if (node instanceof LwM2mMultipleResource m) {
            return Math.max(1, m.getInstances().size());
        }
        return 1;
    }

    private static Optional<String> check(LwM2mPath path, LwM2mNode node) {
        if (path.getObjectId() == null || !KNOWN_OBJECTS.contains(path.getObjectId())) {
            return Optional.of(path + ": object " + path.getObjectId() + " is not one the head-end knows");
        }
        if (node instanceof LwM2mObject o) {
            return first(o.getInstances().values().stream().map(i -> check(path.append(i.getId()), i)));
        }
        if (node instanceof LwM2mObjectInstance i) {
            return first(i.getResources().values().stream().map(r -> check(path.append(r.getId()), r)));
        }
        if (node instanceof LwM2mMultipleResource m) {
            return first(m.getInstances().values().stream().map(r -> value(path.append(r.getId()), r.getValue())));
        }
        if (node instanceof LwM2mSingleResource r) {
            return value(path, r.getValue());
        }
        if (node instanceof LwM2mResourceInstance r) {
            return value(path, r.getValue());
        }
        return Optional.empty();
    }

    private static Optional<String> first(java.util.stream.Stream<Optional<String>> results) {
        return results.filter(Optional::isPresent).map(Optional::get).findFirst();
    }

    private static Optional<String> value(LwM2mPath path, Object v) {
        if (v instanceof Double d && !Double.isFinite(d) || v instanceof Float f && !Float.isFinite(f)) {
            return Optional.of(path + ": value " + v + " is not a finite number");
        }
        if (v instanceof String s && s.length() > MAX_VALUE_LENGTH) {
            return Optional.of(path + ": string of " + s.length() + " characters (at most " + MAX_VALUE_LENGTH + ")");
        }
        if (v instanceof byte[] b && b.length > MAX_VALUE_LENGTH) {
            return Optional.of(path + ": opaque value of " + b.length + " bytes (at most " + MAX_VALUE_LENGTH + ")");
        }
        return Optional.empty();
    }
}
