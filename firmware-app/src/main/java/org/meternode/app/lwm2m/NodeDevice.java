package org.meternode.app.lwm2m;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.leshan.client.object.Device;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.response.ReadResponse;

/** Leshan's Device (/3/0) plus Firmware Version (/3/0/3): the version of the image the node runs. */
final class NodeDevice extends Device {
    static final int FIRMWARE_VERSION = 3;
    private final String firmwareVersion;

    NodeDevice(String manufacturer, String model, String serial, String firmwareVersion) {
        super(manufacturer, model, serial);
        this.firmwareVersion = firmwareVersion;
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        if (resourceId == FIRMWARE_VERSION && firmwareVersion != null) {
            return ReadResponse.success(resourceId, firmwareVersion);
        }
        return super.read(server, resourceId);
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        List<Integer> ids = new ArrayList<>(super.getAvailableResourceIds(model));
        if (firmwareVersion != null && !ids.contains(FIRMWARE_VERSION)) {
            ids.add(FIRMWARE_VERSION);
            ids.sort(null);
        }
        return ids;
    }
}
