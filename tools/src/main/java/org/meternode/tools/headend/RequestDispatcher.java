package org.meternode.tools.headend;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.registration.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends queued management requests to nodes that are registered and awake (queue-mode nodes are
 * awake for a while after each uplink), oldest first, and stores each answer. One named thread,
 * woken by registrations, uplinks and new requests (it also looks every second for requests added
 * by meterctl in another process).
 */
final class RequestDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_ATTEMPTS = 3;

    private final LeshanServer server;
    private final RequestQueue queue;
    private final Duration ttl;
    private final Map<Long, Integer> attempts = new HashMap<>();
    private final java.util.Set<Long> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile UpdateRunner updates;
    private final Object signal = new Object();
    private final Thread thread;
    private boolean woken;

    private final String instance;

    /** @param instance this head-end's name in a shared queue (its cluster node id, or a name of its own) */
    RequestDispatcher(LeshanServer server, RequestQueue queue, Duration ttl, String instance) {
        this.instance = instance;
        this.server = server;
        this.queue = queue;
        this.ttl = ttl;
        this.thread = Thread.ofPlatform().name("head-end-requests").daemon().unstarted(this::loop);
    }

    void updates(UpdateRunner runner) {
        this.updates = runner;
    }

    void start() {
        thread.start();
    }

    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void loop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ManagementRequest r : queue.queued()) {
                    dispatch(r);
                }
                synchronized (signal) {
                    if (!woken) {
                        signal.wait(1_000);
                    }
                    woken = false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("request dispatcher stopped: {}", e.toString());
        }
    }

    private void dispatch(ManagementRequest r) throws InterruptedException {
        Registration reg = server.getRegistrationService().getByEndpoint(r.endpoint());
        if (reg == null || (reg.usesQueueMode() && !server.getPresenceService().isClientAwake(reg))) {
            if (r.created().plus(ttl).isBefore(Instant.now())) {
                queue.finish(r.id(), ManagementRequest.State.FAILED, "EXPIRED",
                        "node did not come online within " + ttl.toMinutes() + " min");
            }
            return;
        }
        if (r.op() == ManagementRequest.Op.UPDATE_PUSH || r.op() == ManagementRequest.Op.UPDATE_PULL) {
            // an update runs for minutes: claim it for a day; a dead instance's update is retried after that
            if (queue.claim(r.id(), instance, Instant.now(), Instant.now().plus(Duration.ofDays(1)))) {
                startUpdate(r);
            }
            return;
        }
        // Several instances may see the node awake (it moved between them): one sends, the others skip.
        if (!queue.claim(r.id(), instance, Instant.now(), Instant.now().plus(ANSWER_TIMEOUT.multipliedBy(2)))) {
            return;
        }
        DownlinkRequest<? extends LwM2mResponse> request;
        try {
            request = build(reg, r);
        } catch (RuntimeException e) {
            queue.finish(r.id(), ManagementRequest.State.FAILED, "INVALID", e.getMessage());
            return;
        }
        LwM2mResponse response = server.send(reg, request, ANSWER_TIMEOUT.toMillis());
        if (response == null) {
            int n = attempts.merge(r.id(), 1, Integer::sum);
            if (n >= MAX_ATTEMPTS) {
                queue.finish(r.id(), ManagementRequest.State.FAILED, "TIMEOUT", "no answer after " + n + " attempts");
            }
            return;
        }
        attempts.remove(r.id());
        String result = response.isSuccess()
                ? response instanceof ReadResponse read ? format(read.getContent()) : ""
                : response.getErrorMessage() == null ? "" : response.getErrorMessage();
        queue.finish(r.id(), response.isSuccess() ? ManagementRequest.State.DONE : ManagementRequest.State.FAILED,
                response.getCode().toString(), result);
        LOG.info("request #{} {} {} {} -> {}", r.id(), r.endpoint(), r.op(), r.path(), response.getCode());
    }

    /** Updates take minutes (download, install, restart, health check): each runs on its own virtual thread. */
    private void startUpdate(ManagementRequest r) {
        UpdateRunner runner = updates;
        if (runner == null) {
            queue.finish(r.id(), ManagementRequest.State.FAILED, "UNSUPPORTED", "this head-end cannot run updates");
            return;
        }
        if (!inFlight.add(r.id())) {
            return;
        }
        Thread.ofVirtual().name("head-end-update-" + r.id()).start(() -> {
            try {
                UpdateRunner.Outcome outcome = runner.run(r.endpoint(), r.op(), java.nio.file.Path.of(r.value()));
                queue.finish(r.id(), outcome.success() ? ManagementRequest.State.DONE : ManagementRequest.State.FAILED,
                        outcome.success() ? "UPDATED" : "UPDATE_FAILED", outcome.detail());
                LOG.info("request #{} {} firmware update: {}", r.id(), r.endpoint(), outcome.detail());
            } catch (Exception e) {
                queue.finish(r.id(), ManagementRequest.State.FAILED, "UPDATE_FAILED", e.toString());
            } finally {
                inFlight.remove(r.id());
            }
        });
    }

    private DownlinkRequest<? extends LwM2mResponse> build(Registration reg, ManagementRequest r) {
        return switch (r.op()) {
            case READ -> new ReadRequest(r.path());
            case EXECUTE -> r.value().isEmpty() ? new ExecuteRequest(r.path()) : new ExecuteRequest(r.path(), r.value());
            case WRITE -> write(reg, new LwM2mPath(r.path()), r.value());
            case UPDATE_PUSH, UPDATE_PULL -> throw new IllegalStateException("updates are not single requests");
        };
    }

    /** A Write of one resource, the text converted to the resource's type from the object model. */
    private WriteRequest write(Registration reg, LwM2mPath path, String text) {
        if (!path.isResource()) {
            throw new IllegalArgumentException(path + ": write needs a resource path /object/instance/resource");
        }
        LwM2mModel model = server.getModelProvider().getObjectModel(reg);
        ResourceModel rm = model.getResourceModel(path.getObjectId(), path.getResourceId());
        if (rm == null) {
            throw new IllegalArgumentException(path + ": no such resource in the node's object model");
        }
        int o = path.getObjectId();
        int i = path.getObjectInstanceId();
        int res = path.getResourceId();
        try {
            return switch (rm.type) {
                case INTEGER -> new WriteRequest(o, i, res, Long.parseLong(text));
                case FLOAT -> new WriteRequest(o, i, res, Double.parseDouble(text));
                case BOOLEAN -> new WriteRequest(o, i, res, parseBoolean(text));
                case STRING -> new WriteRequest(o, i, res, text);
                case OPAQUE -> new WriteRequest(o, i, res, HexFormat.of().parseHex(text));
                case TIME -> new WriteRequest(o, i, res, java.util.Date.from(Instant.parse(text)));
                default -> throw new IllegalArgumentException(path + ": writing " + rm.type + " is not supported");
            };
        } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(path + " (" + rm.name + "): '" + text + "' is not a valid "
                    + rm.type.toString().toLowerCase());
        }
    }

    private static boolean parseBoolean(String text) {
        return switch (text) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new NumberFormatException(text);
        };
    }

    /** Readable text of a read result: a value, or "id: value" lines. */
    static String format(LwM2mNode node) {
        return switch (node) {
            case LwM2mSingleResource r -> value(r.getValue());
            case LwM2mMultipleResource r -> r.getInstances().values().stream()
                    .map(ri -> ri.getId() + "=" + value(ri.getValue())).collect(Collectors.joining(", "));
            case LwM2mObjectInstance inst -> inst.getResources().values().stream()
                    .map(res -> res.getId() + ": " + format(res)).collect(Collectors.joining("\n"));
            case LwM2mObject obj -> obj.getInstances().values().stream()
                    .map(inst -> "instance " + inst.getId() + "\n" + format(inst).indent(2).stripTrailing())
                    .collect(Collectors.joining("\n"));
            default -> String.valueOf(node);
        };
    }

    private static String value(Object v) {
        return switch (v) {
            case byte[] b -> HexFormat.of().formatHex(b);
            case java.util.Date d -> d.toInstant().toString();
            default -> String.valueOf(v);
        };
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
