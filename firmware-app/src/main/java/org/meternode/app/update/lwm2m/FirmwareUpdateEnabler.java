package org.meternode.app.update.lwm2m;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.meternode.app.update.UpdateAgent;
import org.meternode.app.update.UpdateStatus;

/**
 * /5/0 Firmware Update: a thin adapter from Leshan to {@link UpdateAgent}. Package (0) by push,
 * Package URI (1) for a coaps pull, Update (2), State (3), Update Result (5), PkgName (6),
 * PkgVersion (7), protocol support (8), delivery method (9: both) and Cancel (10).
 */
public final class FirmwareUpdateEnabler extends BaseInstanceEnabler {
    static final int PACKAGE = 0;
    static final int PACKAGE_URI = 1;
    static final int UPDATE = 2;
    static final int STATE = 3;
    static final int UPDATE_RESULT = 5;
    static final int PKG_NAME = 6;
    static final int PKG_VERSION = 7;
    static final int PROTOCOL_SUPPORT = 8;
    static final int DELIVERY_METHOD = 9;
    static final int CANCEL = 10;
    private static final List<Integer> RESOURCES = List.of(PACKAGE, PACKAGE_URI, UPDATE, STATE, UPDATE_RESULT,
            PKG_NAME, PKG_VERSION, PROTOCOL_SUPPORT, DELIVERY_METHOD, CANCEL);
    /** Resource 8 values: 0 CoAP, 1 CoAPS (both with block-wise transfer). */
    private static final Map<String, Long> PROTOCOLS = Map.of("coap", 0L, "coaps", 1L);
    private static final long DELIVERY_BOTH = 2;

    private final UpdateAgent agent;

    public FirmwareUpdateEnabler(UpdateAgent agent) {
        super(0);
        this.agent = agent;
        agent.onChange(() -> fireResourcesChange(getResourcePaths(STATE, UPDATE_RESULT, PKG_NAME, PKG_VERSION)));
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        UpdateStatus s = agent.status();
        return switch (resourceId) {
            case PACKAGE_URI -> ReadResponse.success(resourceId, s.packageUri());
            case STATE -> ReadResponse.success(resourceId, (long) s.state().code());
            case UPDATE_RESULT -> ReadResponse.success(resourceId, (long) s.result().code());
            case PKG_NAME -> ReadResponse.success(resourceId, s.pkgName());
            case PKG_VERSION -> ReadResponse.success(resourceId, s.pkgVersion());
            case PROTOCOL_SUPPORT -> ReadResponse.success(resourceId, protocols(), ResourceModel.Type.INTEGER);
            case DELIVERY_METHOD -> ReadResponse.success(resourceId, DELIVERY_BOTH);
            default -> super.read(server, resourceId);
        };
    }

    private Map<Integer, Long> protocols() {
        Map<Integer, Long> m = new TreeMap<>();
        int i = 0;
        for (String scheme : List.of("coap", "coaps")) {
            if (agent.schemes().contains(scheme)) {
                m.put(i++, PROTOCOLS.get(scheme));
            }
        }
        return m;
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        UpdateAgent.Answer answer;
        switch (resourceId) {
            case PACKAGE -> {
                if (!(value.getValue() instanceof byte[] bytes)) {
                    return WriteResponse.badRequest("Package must be opaque");
                }
                answer = agent.writePackage(bytes);
            }
            case PACKAGE_URI -> {
                String refused = uriRefusal(value.getValue());
                if (refused != null) {
                    return WriteResponse.badRequest("/5/0/1 Package URI: " + refused);
                }
                answer = agent.writePackageUri((String) value.getValue());
            }
            default -> {
                return super.write(server, replace, resourceId, value);
            }
        }
        return switch (answer) {
            case OK -> WriteResponse.success();
            case NOT_ALLOWED -> WriteResponse.methodNotAllowed();
            case BAD_REQUEST -> WriteResponse.badRequest("refused in state " + agent.status().state());
        };
    }

    /**
     * Why a written Package URI is refused before the agent sees it (nothing changes then), or null:
     * it must be empty (reset) or an absolute URI with a host and a scheme this node downloads over,
     * at most 255 characters (LwM2M's bound).
     */
    String uriRefusal(Object value) {
        if (!(value instanceof String uri)) {
            return "expected a string";
        }
        if (uri.isEmpty()) {
            return null;
        }
        if (uri.length() > 255) {
            return uri.length() + " characters, at most 255";
        }
        try {
            java.net.URI parsed = new java.net.URI(uri);
            return parsed.getScheme() == null || parsed.getHost() == null ? "'" + uri + "' needs a scheme and a host"
                    : parsed.getPort() > 65535 ? "port " + parsed.getPort() + " out of range"
                    : !agent.schemes().contains(parsed.getScheme().toLowerCase(java.util.Locale.ROOT))
                            ? "this node downloads over " + agent.schemes() + " only, not " + parsed.getScheme() : null;
        } catch (java.net.URISyntaxException e) {
            return "not a URI: " + e.getMessage();
        }
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        UpdateAgent.Answer answer;
        switch (resourceId) {
            case UPDATE -> answer = agent.update();
            case CANCEL -> answer = agent.cancel();
            default -> {
                return super.execute(server, resourceId, arguments);
            }
        }
        return switch (answer) {
            case OK -> ExecuteResponse.success();
            case NOT_ALLOWED -> ExecuteResponse.methodNotAllowed();
            case BAD_REQUEST -> ExecuteResponse.badRequest("refused in state " + agent.status().state());
        };
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return RESOURCES;
    }
}
