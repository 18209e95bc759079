package org.meternode.app.lwm2m;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.leshan.client.LwM2mClient;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.listener.ObjectListener;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.client.util.LinkFormatHelper;
import org.eclipse.leshan.core.link.lwm2m.attributes.NotificationAttributeTree;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.BootstrapDeleteRequest;
import org.eclipse.leshan.core.request.BootstrapDiscoverRequest;
import org.eclipse.leshan.core.request.BootstrapReadRequest;
import org.eclipse.leshan.core.request.BootstrapWriteRequest;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.DeleteRequest;
import org.eclipse.leshan.core.request.DiscoverRequest;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteAttributesRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.request.argument.Argument;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.BootstrapDeleteResponse;
import org.eclipse.leshan.core.response.BootstrapDiscoverResponse;
import org.eclipse.leshan.core.response.BootstrapReadResponse;
import org.eclipse.leshan.core.response.BootstrapWriteResponse;
import org.eclipse.leshan.core.response.CreateResponse;
import org.eclipse.leshan.core.response.DeleteResponse;
import org.eclipse.leshan.core.response.DiscoverResponse;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteAttributesResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.meternode.app.events.SecurityEvents;

/**
 * The one guard between a (management) server's requests and every object the node serves: the
 * node's instances follow its config, so a server may not create or delete them; an execute carries
 * arguments only where the resource takes some (Factory Reset's {@code 0='wipe'}); a write must fit
 * the model (type, size, Server object ranges); and a value an enabler cannot take is a 4.00 naming
 * the path, never a 5.00. Requests of the bootstrap server and of the client itself pass unchanged.
 */
final class GuardedObjectEnabler implements LwM2mObjectEnabler {
    /** The longest string or opaque value a server may write (a Package URI is 255 at most). */
    static final int MAX_VALUE_BYTES = 1024;
    /** Values exempt from {@link #MAX_VALUE_BYTES}: the firmware package itself, bounded by the update agent. */
    private static final Set<String> UNBOUNDED = Set.of("/5/0/0");
    /** Executable resources that take arguments, and which argument lists they accept. */
    private static final Map<String, Predicate<Arguments>> ARGUMENTS = Map.of(
            "/3/0/5", args -> args.size() == 1 && args.hasDigit(0) && "wipe".equals(String.valueOf(args.get(0).getValue())));
    /** Server object (1) resources that hold seconds or counts: never negative; the lifetime at least 1 s. */
    private static final Map<Integer, Long> SERVER_MINIMUM = Map.of(1, 1L, 2, 0L, 3, 0L, 5, 0L, 17, 0L, 18, 0L, 19, 0L,
            20, 0L);
    private static final String BINDINGS = "^(?!.*(.).*\\1)[UMHTSN]+$"; // each letter once

    private final LwM2mObjectEnabler inner;
    private final SecurityEvents events;

    GuardedObjectEnabler(LwM2mObjectEnabler inner, SecurityEvents events) {
        this.inner = inner;
        this.events = events;
    }

    /**
     * Every enabler wrapped; refusals recorded in {@code events} as {@link SecurityEvents#REQUEST_REFUSED}
     * (the node's event log stores a few of one kind per minute and counts the rest, so a flood of
     * refused requests cannot fill the card).
     */
    static List<LwM2mObjectEnabler> guard(Collection<LwM2mObjectEnabler> enablers, SecurityEvents events) {
        List<LwM2mObjectEnabler> out = new ArrayList<>();
        enablers.forEach(e -> out.add(e instanceof GuardedObjectEnabler ? e : new GuardedObjectEnabler(e, events)));
        return out;
    }

    /** The response, its refusal recorded when it is one. */
    private <T extends LwM2mResponse> T told(String operation, LwM2mPath path, T response) {
        if (response != null && response.getCode() != null && response.getCode().isClientError()) {
            String why = response.getErrorMessage();
            events.record(SecurityEvents.REQUEST_REFUSED, operation + " " + path + " refused: " + response.getCode()
                    + (why == null || why.isBlank() ? "" : " " + why));
        }
        return response;
    }

    private static boolean fromManagementServer(LwM2mServer server) {
        return server != null && server.isLwm2mServer();
    }

    @Override
    public CreateResponse create(LwM2mServer server, CreateRequest request) {
        if (fromManagementServer(server)) {
            return told("create", request.getPath(), CreateResponse.methodNotAllowed());
        }
        return inner.create(server, request);
    }

    @Override
    public DeleteResponse delete(LwM2mServer server, DeleteRequest request) {
        if (fromManagementServer(server)) {
            return told("delete", request.getPath(), DeleteResponse.methodNotAllowed());
        }
        return inner.delete(server, request);
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, ExecuteRequest request) {
        if (!fromManagementServer(server)) {
            return inner.execute(server, request);
        }
        return told("execute", request.getPath(), checkedExecute(server, request));
    }

    private ExecuteResponse checkedExecute(LwM2mServer server, ExecuteRequest request) {
        String path = request.getPath().toString();
        Arguments args = request.getArguments();
        if (args != null && !args.isEmpty()) {
            Predicate<Arguments> accepted = ARGUMENTS.get(path);
            if (accepted == null) {
                return ExecuteResponse.badRequest(path + " takes no arguments, got " + describe(args));
            }
            if (!accepted.test(args)) {
                return ExecuteResponse.badRequest(path + " takes only 0='wipe' or nothing, got " + describe(args));
            }
        }
        try {
            return inner.execute(server, request);
        } catch (IllegalArgumentException | ClassCastException | IllegalStateException e) {
            return ExecuteResponse.badRequest(path + ": " + e.getMessage());
        }
    }

    private static String describe(Arguments args) {
        StringBuilder b = new StringBuilder();
        for (Argument a : args) {
            String v = String.valueOf(a.getValue());
            b.append(b.isEmpty() ? "" : ",").append(a.getDigit()).append("='")
                    .append(v.length() > 20 ? v.substring(0, 20) + "..(" + v.length() + " chars)" : v).append('\'');
        }
        return b.toString();
    }

    @Override
    public WriteResponse write(LwM2mServer server, WriteRequest request) {
        if (!fromManagementServer(server)) {
            return inner.write(server, request);
        }
        return told("write", request.getPath(), checkedWrite(server, request));
    }

    private WriteResponse checkedWrite(LwM2mServer server, WriteRequest request) {
        String refused = refusal(request.getPath(), request.getNode());
        if (refused != null) {
            return WriteResponse.badRequest(refused);
        }
        try {
            return inner.write(server, request);
        } catch (IllegalArgumentException | ClassCastException | IllegalStateException | ArithmeticException
                | java.time.DateTimeException e) {
            return WriteResponse.badRequest(request.getPath() + ": " + e.getMessage());
        }
    }

    /** Why the written node cannot be taken, or null. */
    private String refusal(LwM2mPath path, LwM2mNode node) {
        if (node instanceof LwM2mObject object && object.getInstances().isEmpty()
                || node instanceof LwM2mObjectInstance instance && instance.getResources().isEmpty()) {
            return path + ": nothing to write (no resources in the body)";
        }
        if (node instanceof LwM2mObject object) {
            for (LwM2mObjectInstance i : object.getInstances().values()) {
                String r = refusal(new LwM2mPath(path.getObjectId(), i.getId()), i);
                if (r != null) {
                    return r;
                }
            }
        } else if (node instanceof LwM2mObjectInstance instance) {
            int id = path.isObjectInstance() ? path.getObjectInstanceId() : instance.getId();
            for (LwM2mResource r : instance.getResources().values()) {
                String why = refusal(new LwM2mPath(path.getObjectId(), id, r.getId()), r);
                if (why != null) {
                    return why;
                }
            }
        } else if (node instanceof LwM2mResource resource) {
            LwM2mPath at = path.isResource() || path.isResourceInstance() ? path
                    : new LwM2mPath(path.getObjectId(), path.getObjectInstanceId(), resource.getId());
            return refusal(at, resource);
        }
        return null;
    }

    private String refusal(LwM2mPath path, LwM2mResource resource) {
        ObjectModel model = inner.getObjectModel();
        ResourceModel rm = model == null ? null : model.resources.get(resource.getId());
        String where = new LwM2mPath(path.getObjectId(), path.getObjectInstanceId(), resource.getId()).toString();
        if (rm == null) {
            return where + ": no such resource";
        }
        if (resource.isMultiInstances() != rm.multiple) {
            return where + " (" + rm.name + "): expected " + (rm.multiple ? "several instances" : "a single value")
                    + ", got " + (resource.isMultiInstances() ? "several instances" : "a single value");
        }
        if (rm.type != null && resource.getType() != null && rm.type != resource.getType()) {
            return where + " (" + rm.name + "): expected " + rm.type + ", got " + resource.getType();
        }
        Collection<?> values = resource.isMultiInstances() ? resource.getInstances().values().stream()
                .map(i -> i.getValue()).toList() : java.util.Collections.singletonList(resource.getValue());
        for (Object v : values) {
            String why = valueRefusal(where, rm, v);
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    private String valueRefusal(String where, ResourceModel rm, Object v) {
        int bytes = v instanceof byte[] b ? b.length
                : v instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length : 0;
        if (bytes > MAX_VALUE_BYTES && !UNBOUNDED.contains(where)) {
            return where + " (" + rm.name + "): " + bytes + " bytes, at most " + MAX_VALUE_BYTES;
        }
        if (v instanceof String s && s.indexOf('\0') >= 0) {
            return where + " (" + rm.name + "): contains a NUL character";
        }
        if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return where + " (" + rm.name + "): not a finite number";
        }
        if (inner.getId() == 1) {
            Long min = SERVER_MINIMUM.get(rm.id);
            if (min != null && v instanceof Number n && n.longValue() < min) {
                return where + " (" + rm.name + "): " + n + " is below " + min;
            }
            if (rm.id == 7 && !(v instanceof String s && s.matches(BINDINGS))) {
                return where + " (" + rm.name + "): '" + v + "' is not a binding (letters of UMHTSN)";
            }
        }
        return null;
    }

    @Override
    public WriteAttributesResponse writeAttributes(LwM2mServer server, WriteAttributesRequest request) {
        WriteAttributesResponse response;
        String absent = fromManagementServer(server) ? absent(request.getPath()) : null;
        if (absent != null) {
            response = WriteAttributesResponse.notFound();
        } else {
            try {
                response = inner.writeAttributes(server, request);
            } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
                response = WriteAttributesResponse.badRequest(request.getPath() + ": " + e.getMessage());
            }
        }
        return fromManagementServer(server) ? told("write-attributes", request.getPath(), response) : response;
    }

    /** Why {@code path} names nothing this object serves, or null. */
    private String absent(LwM2mPath path) {
        if (path.isObject() || path.isRoot()) {
            return null;
        }
        if (!inner.getAvailableInstanceIds().contains(path.getObjectInstanceId())) {
            return path + ": no such instance";
        }
        if ((path.isResource() || path.isResourceInstance())
                && !inner.getAvailableResourceIds(path.getObjectInstanceId()).contains(path.getResourceId())) {
            return path + ": no such resource";
        }
        return null;
    }

    @Override
    public int getId() {
        return inner.getId();
    }

    @Override
    public ObjectModel getObjectModel() {
        return inner.getObjectModel();
    }

    @Override
    public List<Integer> getAvailableInstanceIds() {
        return inner.getAvailableInstanceIds();
    }

    @Override
    public List<Integer> getAvailableResourceIds(int instanceId) {
        return inner.getAvailableResourceIds(instanceId);
    }

    @Override
    public List<Integer> getAvailableInstanceResourceIds(int instanceId, int resourceId) {
        return inner.getAvailableInstanceResourceIds(instanceId, resourceId);
    }

    @Override
    public ReadResponse read(LwM2mServer server, ReadRequest request) {
        return inner.read(server, request);
    }

    @Override
    public BootstrapReadResponse read(LwM2mServer server, BootstrapReadRequest request) {
        return inner.read(server, request);
    }

    @Override
    public BootstrapWriteResponse write(LwM2mServer server, BootstrapWriteRequest request) {
        return inner.write(server, request);
    }

    @Override
    public BootstrapDeleteResponse delete(LwM2mServer server, BootstrapDeleteRequest request) {
        return inner.delete(server, request);
    }

    @Override
    public DiscoverResponse discover(LwM2mServer server, DiscoverRequest request) {
        return inner.discover(server, request);
    }

    @Override
    public BootstrapDiscoverResponse discover(LwM2mServer server, BootstrapDiscoverRequest request) {
        return inner.discover(server, request);
    }

    @Override
    public ObserveResponse observe(LwM2mServer server, ObserveRequest request) {
        return inner.observe(server, request);
    }

    @Override
    public void addListener(ObjectListener listener) {
        inner.addListener(listener);
    }

    @Override
    public void removeListener(ObjectListener listener) {
        inner.removeListener(listener);
    }

    @Override
    public void init(LwM2mClient client, LinkFormatHelper linkFormatHelper) {
        inner.init(client, linkFormatHelper);
    }

    @Override
    public void beginTransaction(byte level) {
        inner.beginTransaction(level);
    }

    @Override
    public void endTransaction(byte level) {
        inner.endTransaction(level);
    }

    @Override
    public ContentFormat getDefaultEncodingFormat(DownlinkRequest<?> request) {
        return inner.getDefaultEncodingFormat(request);
    }

    @Override
    public NotificationAttributeTree getAttributesFor(LwM2mServer server) {
        return inner.getAttributesFor(server);
    }
}
