package org.meternode.app.lwm2m;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.meternode.app.manage.NodeManagement;

/**
 * meternode's private object 32501 "meternode Channel", one instance per configured channel:
 * activation and calibration (validated like the config file), and the last fault.
 */
final class ChannelObjectEnabler extends BaseInstanceEnabler {
    static final int OBJECT_ID = 32501;

    private final NodeManagement node;
    private final String channel;

    ChannelObjectEnabler(int instance, NodeManagement node, String channel) {
        super(instance);
        this.node = node;
        this.channel = channel;
    }

    private String calibrationKey() {
        return node.calibrationKey(channel);
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        return switch (resourceId) {
            case 0 -> ReadResponse.success(resourceId, channel);
            case 1 -> ReadResponse.success(resourceId, node.channelType(channel));
            case 2 -> ReadResponse.success(resourceId, node.isChannelActive(channel));
            case 3 -> calibrationKey() == null ? ReadResponse.notFound()
                    : ReadResponse.success(resourceId, Double.parseDouble(node.setting(calibrationKey())));
            case 4 -> ReadResponse.success(resourceId, node.channelFault(channel));
            default -> super.read(server, resourceId);
        };
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        if (resourceId == 2) {
            if (!(value.getValue() instanceof Boolean active)) {
                return WriteResponse.badRequest("channel '" + channel + "' active: expected true or false");
            }
            node.setChannelActive(channel, active);
            fireResourceChange(2);
            return WriteResponse.success();
        }
        if (resourceId == 3 && calibrationKey() == null) {
            return WriteResponse.methodNotAllowed();
        }
        if (resourceId == 3) {
            if (!(value.getValue() instanceof Number n)) {
                return WriteResponse.badRequest(calibrationKey() + ": expected a number");
            }
            String text = BigDecimal.valueOf(n.doubleValue()).stripTrailingZeros().toPlainString();
            Optional<String> refused = node.write(calibrationKey(), text);
            if (refused.isPresent()) {
                return WriteResponse.badRequest(refused.get());
            }
            fireResourceChange(3);
            return WriteResponse.success();
        }
        return super.write(server, replace, resourceId, value);
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return List.of(0, 1, 2, 3, 4);
    }
}
