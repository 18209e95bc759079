package org.meternode.app.lwm2m.security;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.resource.BaseInstanceEnablerFactory;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.resource.ObjectEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * LwM2M object 0 (Security) as Leshan serves it, with one addition: the management server this
 * instance describes may Write resource 4 (Server Public Key) of its own instance to announce its
 * next trust anchor before it rotates its key or certificate. LwM2M reserves object 0 for the
 * bootstrap server; meternode deliberately lets the authenticated server pre-announce its own
 * successor, and nothing else: no other resource, no other server's instance, no Read.
 */
final class RotatableSecurityObject extends ObjectEnabler {
    /** Security resource 4: Server Public Key (or certificate). */
    static final int SERVER_PUBLIC_KEY = 4;

    private final long shortServerId;
    private final Function<byte[], String> announce;

    /**
     * @param announce takes the written bytes; returns null when accepted, else why not
     */
    RotatableSecurityObject(ObjectModel model, Security instance, int shortServerId,
            Function<byte[], String> announce) {
        super(0, model, instances(instance, model), new BaseInstanceEnablerFactory() {
            @Override
            public LwM2mInstanceEnabler create() {
                return new Security();
            }
        }, ContentFormat.DEFAULT);
        this.shortServerId = shortServerId;
        this.announce = announce;
    }

    private static Map<Integer, LwM2mInstanceEnabler> instances(Security instance, ObjectModel model) {
        if (instance.getId() == null) {
            instance.setId(0);
        }
        instance.setModel(model);
        Map<Integer, LwM2mInstanceEnabler> map = new HashMap<>();
        map.put(instance.getId(), instance);
        return map;
    }

    @Override
    public synchronized WriteResponse write(LwM2mServer server, WriteRequest request) {
        LwM2mPath path = request.getPath();
        boolean ownAnchor = !server.isSystem() && !server.isLwm2mBootstrapServer() && path.isResource()
                && path.getResourceId() == SERVER_PUBLIC_KEY && path.getObjectInstanceId() == 0
                && server.getId() != null && server.getId() == shortServerId;
        if (!ownAnchor) {
            return super.write(server, request);
        }
        if (!(request.getNode() instanceof LwM2mSingleResource r) || r.getType() != ResourceModel.Type.OPAQUE) {
            return WriteResponse.badRequest("resource 4 takes opaque DER");
        }
        String problem = announce.apply((byte[]) r.getValue());
        return problem == null ? WriteResponse.success() : WriteResponse.badRequest(problem);
    }
}
