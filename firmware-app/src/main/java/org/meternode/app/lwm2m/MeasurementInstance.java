package org.meternode.app.lwm2m;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.response.ReadResponse;
import org.meternode.app.reading.Reading;
import org.meternode.app.reading.ReadingStream;

import java.util.List;

/**
 * One measurement object instance (e.g. /3331/0): serves the latest reading of one stream, its
 * units and its channel id (Application Type) to server Reads. No threads: the node updates it.
 */
final class MeasurementInstance extends BaseInstanceEnabler {
    private final String channel;
    private final RegistryObject object;
    private final String applicationType;
    private volatile Reading latest;

    MeasurementInstance(int id, String channel, ReadingStream stream) {
        super(id);
        this.channel = channel;
        this.object = RegistryObject.of(stream.quantity());
        this.applicationType = object.applicationType(channel, stream);
    }

    String channel() {
        return channel;
    }

    /** What this instance's Application Type (5750) says: the channel id or the full stream name. */
    String applicationType() {
        return applicationType;
    }

    RegistryObject object() {
        return object;
    }

    void update(Reading reading) {
        latest = reading;
        fireResourceChange(object.valueResource());
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        Reading r = latest;
        if (resourceId == object.valueResource()) {
            return r == null ? ReadResponse.notFound() : ReadResponse.success(resourceId, r.doubleValue());
        }
        return switch (resourceId) {
            case RegistryObject.UNITS -> ReadResponse.success(resourceId, object.quantity().unit());
            case RegistryObject.APPLICATION_TYPE -> ReadResponse.success(resourceId, applicationType);
            case RegistryObject.QUALITY -> r == null || !object.hasQuality() ? ReadResponse.notFound()
                    : ReadResponse.success(resourceId, (long) RegistryObject.qualityIndicator(r.quality()));
            default -> super.read(server, resourceId);
        };
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return object.hasQuality()
                ? List.of(object.valueResource(), RegistryObject.UNITS, RegistryObject.APPLICATION_TYPE, RegistryObject.QUALITY)
                : List.of(object.valueResource(), RegistryObject.UNITS, RegistryObject.APPLICATION_TYPE);
    }
}
