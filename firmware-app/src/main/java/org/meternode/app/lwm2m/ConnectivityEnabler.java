package org.meternode.app.lwm2m;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.response.ReadResponse;
import org.meternode.app.manage.NetworkInfo;

/** LwM2M Connectivity Monitoring (4): bearer, addresses, router, Wi-Fi signal where known. */
final class ConnectivityEnabler extends BaseInstanceEnabler {
    private final Path procRoot;

    ConnectivityEnabler(Path procRoot) {
        super(0);
        this.procRoot = procRoot;
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        NetworkInfo net = NetworkInfo.read(procRoot);
        return switch (resourceId) {
            case 0 -> ReadResponse.success(resourceId, (long) net.bearer());
            case 1 -> ReadResponse.success(resourceId, Map.of(0, (long) net.bearer()), Type.INTEGER);
            case 2 -> ReadResponse.success(resourceId, (long) net.signalDbm().orElse(0));
            case 3 -> ReadResponse.success(resourceId, (long) net.linkQuality().orElse(0));
            case 4 -> ReadResponse.success(resourceId, indexed(net.ipAddresses()), Type.STRING);
            case 5 -> ReadResponse.success(resourceId, indexed(net.routers()), Type.STRING);
            default -> super.read(server, resourceId);
        };
    }

    private static Map<Integer, String> indexed(List<String> values) {
        Map<Integer, String> out = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            out.put(i, values.get(i));
        }
        return out;
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return List.of(0, 1, 2, 3, 4, 5);
    }
}
