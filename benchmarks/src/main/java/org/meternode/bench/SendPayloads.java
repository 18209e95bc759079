package org.meternode.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.node.codec.LwM2mEncoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.meternode.app.lwm2m.CompactSendEncoder;
import org.meternode.app.lwm2m.ObjectModels;
import org.meternode.app.lwm2m.RegistryObject;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.Reading;

/**
 * Send payloads as the node builds them ({@code Lwm2mNodeClient.encode}): one timestamped float value
 * per reading at its object's value resource ({@link RegistryObject}), good quality, no announcement;
 * encoded with the node's object models by the node's encoder ({@link CompactSendEncoder}: compact
 * SenML-CBOR; SenML-JSON as Leshan writes it). A batch holds readings of four
 * streams (grid energy and power, water volume, mains current) at successive 15-minute interval ends.
 */
public final class SendPayloads {
    private static final Instant FIRST_INTERVAL_END = Instant.parse("2026-11-27T00:15:00Z");
    private static final Duration INTERVAL = Duration.ofMinutes(15);
    private static final List<Stream> STREAMS = List.of(
            new Stream("grid.energy", Quantity.ENERGY, "kWh", new BigDecimal("12345.678"), new BigDecimal("0.231")),
            new Stream("grid.power", Quantity.POWER, "W", new BigDecimal("924"), new BigDecimal("17")),
            new Stream("water.volume", Quantity.VOLUME, "m3", new BigDecimal("456.789"), new BigDecimal("0.012")),
            new Stream("mains.current", Quantity.CURRENT, "A", new BigDecimal("4.21"), new BigDecimal("0.07")));

    private final LwM2mEncoder encoder = CompactSendEncoder.clientEncoder();
    private final LwM2mModel model = new StaticModel(ObjectModels.all());

    /** The first {@code count} readings of the four streams, interval by interval. */
    public static List<Reading> readings(int count) {
        List<Reading> readings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int interval = i / STREAMS.size();
            Stream s = STREAMS.get(i % STREAMS.size());
            Instant at = FIRST_INTERVAL_END.plus(INTERVAL.multipliedBy(interval));
            BigDecimal value = s.start().add(s.step().multiply(BigDecimal.valueOf(interval)));
            readings.add(Reading.of(s.name(), at, value, s.unit(), Reading.Quality.GOOD));
        }
        return readings;
    }

    /** The readings as the timestamped nodes of one Send. */
    public static TimestampedLwM2mNodes nodes(List<Reading> batch) {
        TimestampedLwM2mNodes.Builder nodes = TimestampedLwM2mNodes.builder();
        for (Reading r : batch) {
            RegistryObject object = RegistryObject.of(stream(r).quantity());
            nodes.put(r.at(), new LwM2mPath(object.objectId(), 0, object.valueResource()),
                    LwM2mSingleResource.newFloatResource(object.valueResource(), r.doubleValue()));
        }
        return nodes.build();
    }

    /** The Send payload in {@code format} (SenML-CBOR as the node sends, or SenML-JSON). */
    public byte[] encode(TimestampedLwM2mNodes nodes, ContentFormat format) {
        return encoder.encodeTimestampedNodes(nodes, format, model);
    }

    private static Stream stream(Reading r) {
        return STREAMS.stream().filter(s -> s.name().equals(r.channel())).findFirst().orElseThrow();
    }

    private record Stream(String name, Quantity quantity, String unit, BigDecimal start, BigDecimal step) {
    }
}
