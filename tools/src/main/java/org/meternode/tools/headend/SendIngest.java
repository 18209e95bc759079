package org.meternode.tools.headend;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.meternode.app.lwm2m.RegistryObject;
import org.meternode.app.reading.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one LwM2M Send from a node into named readings and stores them: Application Type (5750)
 * resources name an instance's channel; value resources of the measurement objects become readings
 * named {@code <channel>.<quantity>} (or the full stream name a named stream carries); a Measurement Quality Indicator at the same time sets quality.
 */
final class SendIngest {
    private static final Logger LOG = LoggerFactory.getLogger(SendIngest.class);

    /** Most (endpoint, instance) pairs warned about once; beyond it the set starts over (a flood of endpoints). */
    private static final int WARNED_MAX = 10_000;

    private final ReadingStore store;
    private final java.util.Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    SendIngest(ReadingStore store) {
        this.store = store;
    }

    StoreResult ingest(String endpoint, TimestampedLwM2mNodes data) {
        for (Map.Entry<LwM2mPath, LwM2mNode> e : data.getNodes().entrySet()) {
            LwM2mPath p = e.getKey();
            if (p.isResource() && p.getResourceId() == RegistryObject.APPLICATION_TYPE
                    && e.getValue() instanceof LwM2mSingleResource res) {
                store.nameInstance(endpoint, p.getObjectId(), p.getObjectInstanceId(), String.valueOf(res.getValue()));
            }
        }
        List<ReceivedReading> readings = new ArrayList<>();
        for (Instant at : data.getTimestamps()) {
            if (at == null) {
                continue;
            }
            Map<LwM2mPath, LwM2mNode> nodes = data.getNodesAt(at);
            Map<String, Reading.Quality> quality = qualities(nodes);
            for (Map.Entry<LwM2mPath, LwM2mNode> e : nodes.entrySet()) {
                toReading(endpoint, at, e.getKey(), e.getValue(), quality).ifPresent(readings::add);
            }
        }
        return store.store(endpoint, readings);
    }

    private static Map<String, Reading.Quality> qualities(Map<LwM2mPath, LwM2mNode> nodes) {
        Map<String, Reading.Quality> q = new HashMap<>();
        nodes.forEach((p, n) -> {
            if (p.isResource() && p.getResourceId() == RegistryObject.QUALITY && n instanceof LwM2mSingleResource r
                    && r.getValue() instanceof Number v) {
                q.put(p.getObjectId() + "/" + p.getObjectInstanceId(), RegistryObject.qualityOf(v.longValue()));
            }
        });
        return q;
    }

    private Optional<ReceivedReading> toReading(String endpoint, Instant at, LwM2mPath p, LwM2mNode node,
            Map<String, Reading.Quality> quality) {
        if (!p.isResource() || !(node instanceof LwM2mSingleResource res) || !(res.getValue() instanceof Number v)) {
            return Optional.empty();
        }
        Optional<RegistryObject> object = RegistryObject.ofObjectId(p.getObjectId());
        if (object.isEmpty() || object.get().valueResource() != p.getResourceId()) {
            return Optional.empty();
        }
        String name = store.channelOf(endpoint, p.getObjectId(), p.getObjectInstanceId())
                .orElseGet(() -> {
                    String path = "/" + p.getObjectId() + "/" + p.getObjectInstanceId();
                    if (warned.size() >= WARNED_MAX) {
                        warned.clear();
                    }
                    if (warned.add(endpoint + path)) { // once per node and instance, not once per Send
                        LOG.warn("{}: no channel name known for {}; storing under the path", endpoint, path);
                    }
                    return path;
                });
        // Quantities sharing an object (3300: volume, flow, apparent power) are told apart by the Application Type.
        RegistryObject.Named named = RegistryObject.resolve(p.getObjectId(), name).orElseThrow();
        object = Optional.of(named.object());
        Reading.Quality q = quality.getOrDefault(p.getObjectId() + "/" + p.getObjectInstanceId(), Reading.Quality.GOOD);
        return Optional.of(new ReceivedReading(endpoint, named.stream(), at,
                v.doubleValue(), object.get().quantity().unit(), q.name(), p.toString()));
    }
}
