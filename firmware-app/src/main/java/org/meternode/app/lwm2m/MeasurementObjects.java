package org.meternode.app.lwm2m;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.meternode.app.reading.ReadingStream;
import org.meternode.app.reading.Reading;

/**
 * Allocates one object instance per (channel, quantity) stream, in config order, and maps reading
 * streams to resource paths: {@code grid.energy} -> {@code /3331/0/5700}.
 */
final class MeasurementObjects {
    private final Map<String, MeasurementInstance> byStream = new LinkedHashMap<>();

    /** @param streams channel id -> its reading streams, in config order */
    MeasurementObjects(Map<String, List<ReadingStream>> streams) {
        Map<Integer, Integer> nextInstance = new HashMap<>(); // by object id: quantities may share an object
        streams.forEach((channel, channelStreams) -> {
            for (ReadingStream s : channelStreams) {
                RegistryObject object = RegistryObject.of(s.quantity());
                int id = nextInstance.merge(object.objectId(), 1, Integer::sum) - 1;
                byStream.put(s.in(channel), new MeasurementInstance(id, channel, s));
            }
        });
    }

    Collection<MeasurementInstance> instances() {
        return byStream.values();
    }

    /** Instances of one object, for Leshan's ObjectsInitializer. */
    Map<Integer, List<MeasurementInstance>> byObject() {
        Map<Integer, List<MeasurementInstance>> out = new LinkedHashMap<>();
        for (MeasurementInstance i : byStream.values()) {
            out.computeIfAbsent(i.object().objectId(), k -> new ArrayList<>()).add(i);
        }
        return out;
    }

    MeasurementInstance instanceOf(String stream) {
        MeasurementInstance i = byStream.get(stream);
        if (i == null) {
            throw new IllegalArgumentException("no LwM2M instance for reading stream '" + stream + "'");
        }
        return i;
    }

    LwM2mPath valuePath(Reading r) {
        MeasurementInstance i = instanceOf(r.channel());
        return new LwM2mPath(i.object().objectId(), i.getId(), i.object().valueResource());
    }

    LwM2mPath resourcePath(MeasurementInstance i, int resourceId) {
        return new LwM2mPath(i.object().objectId(), i.getId(), resourceId);
    }

    void update(List<Reading> readings) {
        for (Reading r : readings) {
            MeasurementInstance i = byStream.get(r.channel());
            if (i != null) {
                i.update(r);
            }
        }
    }
}
