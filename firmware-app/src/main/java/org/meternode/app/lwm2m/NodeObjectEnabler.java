package org.meternode.app.lwm2m;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.meternode.app.config.Durations;
import org.meternode.app.manage.Health;
import org.meternode.app.manage.NodeManagement;

/**
 * meternode's private object 32500 "meternode Node": writable settings (validated by the same rules
 * as the config file, refused with 4.00 and nothing changed when invalid) and the health summary.
 */
final class NodeObjectEnabler extends BaseInstanceEnabler {
    static final int OBJECT_ID = 32500;
    private static final int RECENT_LOG_LINES = 40;
    private static final String[] SETTING_KEYS = {"sampling.interval", "uplink.reporting-interval", "uplink.awake-window"};

    private final NodeManagement node;

    NodeObjectEnabler(NodeManagement node) {
        super(0);
        this.node = node;
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        if (resourceId >= 0 && resourceId <= 2) {
            return ReadResponse.success(resourceId, Durations.parse(node.setting(SETTING_KEYS[resourceId])).toSeconds());
        }
        if (resourceId >= 14 && resourceId <= 18) {
            return sendStat(resourceId, node.sendStats());
        }
        if (resourceId == 3) {
            return ReadResponse.success(resourceId, node.isActive());
        }
        if (resourceId == 13) {
            return ReadResponse.success(resourceId, String.join("\n", lastLines()));
        }
        // Health touches the outbox and the file system: only for the resources that show it.
        Health h = node.health();
        return switch (resourceId) {
            case 4 -> ReadResponse.success(resourceId, h.outboxDepth());
            case 5 -> time(resourceId, h.oldestUndelivered());
            case 6 -> time(resourceId, h.lastSuccessfulSend());
            case 7 -> ReadResponse.success(resourceId, h.sensorFaults());
            case 8 -> ReadResponse.success(resourceId, h.watchdogResets());
            case 9 -> ReadResponse.success(resourceId, h.restarts());
            case 10 -> ReadResponse.success(resourceId, h.diskFreeBytes() / 1024);
            case 11 -> ReadResponse.success(resourceId, h.clockState());
            case 12 -> ReadResponse.success(resourceId, h.format());
            case 19 -> ReadResponse.success(resourceId, h.rejectedReadings());
            case 20 -> ReadResponse.success(resourceId, h.uplinkFailures());
            case 21 -> ReadResponse.success(resourceId, h.lastUplinkError());
            default -> super.read(server, resourceId);
        };
    }

    private static ReadResponse sendStat(int resourceId, NodeManagement.SendStats s) {
        return switch (resourceId) {
            case 14 -> ReadResponse.success(resourceId, s.ok());
            case 15 -> ReadResponse.success(resourceId, s.failed());
            case 16 -> ReadResponse.success(resourceId, s.lastRttMillis());
            case 17 -> ReadResponse.success(resourceId, s.meanRttMillis());
            default -> ReadResponse.success(resourceId, s.maxRttMillis());
        };
    }

    private List<String> lastLines() {
        List<String> lines = node.recentLog();
        return lines.subList(Math.max(0, lines.size() - RECENT_LOG_LINES), lines.size());
    }

    private static ReadResponse time(int resourceId, Optional<java.time.Instant> t) {
        return t.map(i -> ReadResponse.success(resourceId, Date.from(i))).orElseGet(ReadResponse::notFound);
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        if (resourceId >= 0 && resourceId <= 2) {
            if (!(value.getValue() instanceof Number seconds)) {
                return WriteResponse.badRequest(SETTING_KEYS[resourceId] + ": expected an integer number of seconds");
            }
            Optional<String> refused = node.write(SETTING_KEYS[resourceId],
                    Durations.format(Duration.ofSeconds(seconds.longValue())));
            if (refused.isPresent()) {
                return WriteResponse.badRequest(refused.get());
            }
            fireResourceChange(resourceId);
            return WriteResponse.success();
        }
        if (resourceId == 3) {
            if (!(value.getValue() instanceof Boolean active)) {
                return WriteResponse.badRequest("active: expected true or false");
            }
            node.setActive(active);
            fireResourceChange(3);
            return WriteResponse.success();
        }
        return super.write(server, replace, resourceId, value);
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21);
    }
}
