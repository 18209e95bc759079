package org.meternode.app.lwm2m;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.meternode.app.manage.Health;
import org.meternode.app.manage.NodeManagement;

/**
 * LwM2M Device object (3): identity, memory, time, error codes, reboot and factory reset. Error
 * codes follow the registry: 0 none, 5 out of memory (disk nearly full, or the outbox cannot store an
 * interval: cleared by the next interval stored), 7 IP connectivity
 * failure (undelivered readings older than an hour), 8 peripheral malfunction (sensor faults).
 */
final class DeviceEnabler extends BaseInstanceEnabler {
    private static final long LOW_DISK_BYTES = 16L * 1024 * 1024;

    private final NodeManagement node;
    private final Clock clock;
    private final String model;
    private final String serial;
    private final String firmwareVersion;
    private final String board;
    private volatile ZoneId zone = ZoneOffset.UTC;
    private volatile long errorsResetAtFaults;

    DeviceEnabler(NodeManagement node, Clock clock, String model, String serial, String firmwareVersion,
            String board) {
        super(0);
        this.node = node;
        this.clock = clock;
        this.model = model;
        this.serial = serial;
        this.firmwareVersion = firmwareVersion;
        this.board = board;
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        Runtime rt = Runtime.getRuntime();
        return switch (resourceId) {
            case 0 -> ReadResponse.success(resourceId, "meternode");
            case 1 -> ReadResponse.success(resourceId, model);
            case 2 -> ReadResponse.success(resourceId, serial);
            case 3 -> ReadResponse.success(resourceId, firmwareVersion);
            // 1 = internal battery? no: 0 = DC power, the only source a mains-powered node has
            case 6 -> ReadResponse.success(resourceId, Map.of(0, 0L), Type.INTEGER);
            case 10 -> ReadResponse.success(resourceId, (rt.maxMemory() - rt.totalMemory() + rt.freeMemory()) / 1024);
            case 11 -> ReadResponse.success(resourceId, errorCodes(), Type.INTEGER);
            case 13 -> ReadResponse.success(resourceId, Date.from(clock.instant()));
            case 14 -> ReadResponse.success(resourceId, utcOffset());
            case 15 -> ReadResponse.success(resourceId, zone.getId());
            // LwM2M 1.1: queue mode is the registration's Q parameter (Leshan's setQueueMode), not a binding;
            // a 1.1 server refuses the registration of a node announcing "UQ".
            case 16 -> ReadResponse.success(resourceId, "U");
            case 17 -> ReadResponse.success(resourceId, "meter node");
            case 18 -> ReadResponse.success(resourceId, board);
            case 19 -> ReadResponse.success(resourceId, firmwareVersion);
            case 21 -> ReadResponse.success(resourceId, rt.maxMemory() / 1024);
            default -> super.read(server, resourceId);
        };
    }

    private Map<Integer, Long> errorCodes() {
        Health h = node.health();
        List<Long> codes = new ArrayList<>();
        if (h.diskFreeBytes() < LOW_DISK_BYTES || !h.storeProblem().isEmpty()) {
            codes.add(5L);
        }
        if (h.oldestUndelivered().map(t -> t.isBefore(h.now().minusSeconds(3600))).orElse(false)) {
            codes.add(7L);
        }
        if (h.sensorFaults() > errorsResetAtFaults) {
            codes.add(8L);
        }
        if (codes.isEmpty()) {
            codes.add(0L);
        }
        Map<Integer, Long> out = new HashMap<>();
        for (int i = 0; i < codes.size(); i++) {
            out.put(i, codes.get(i));
        }
        return out;
    }

    private String utcOffset() {
        ZoneOffset offset = zone.getRules().getOffset(clock.instant());
        return offset.getTotalSeconds() == 0 ? "Z" : offset.getId();
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        return switch (resourceId) {
            case 13 -> WriteResponse.badRequest("the node's time comes from its system clock (NTP/RTC); not writable");
            case 14, 15 -> writeZone(String.valueOf(value.getValue()));
            default -> super.write(server, replace, resourceId, value);
        };
    }

    private WriteResponse writeZone(String text) {
        try {
            zone = text.equals("Z") ? ZoneOffset.UTC : ZoneId.of(text);
            fireResourceChange(14);
            fireResourceChange(15);
            return WriteResponse.success();
        } catch (RuntimeException e) {
            return WriteResponse.badRequest("not a time zone or UTC offset: '" + text + "'");
        }
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        return switch (resourceId) {
            case 4 -> {
                node.restart("reboot requested by " + server.getUri());
                yield ExecuteResponse.success();
            }
            case 5 -> {
                // Undelivered readings survive a factory reset unless argument 0 says "wipe".
                boolean wipe = arguments.hasDigit(0) && "wipe".equals(String.valueOf(arguments.get(0).getValue()));
                node.factoryReset(wipe);
                yield ExecuteResponse.success();
            }
            case 12 -> {
                errorsResetAtFaults = node.health().sensorFaults();
                fireResourceChange(11);
                yield ExecuteResponse.success();
            }
            default -> super.execute(server, resourceId, arguments);
        };
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return List.of(0, 1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21);
    }
}
