package org.meternode.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.leshan.core.request.ContentFormat;
import org.meternode.app.reading.Reading;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Report encoding: the node's work per Send — readings to timestamped LwM2M nodes to a SenML-CBOR
 * payload ({@link SendPayloads}) — for batches of 1, 16 and 64 readings, time per batch. The peer is
 * the same batch as SenML-JSON through the same Leshan encoder: the other SenML format a LwM2M 1.1
 * Send may carry, and the one a JSON-over-MQTT node would send. The payload sizes, which need no
 * timing, are counted by {@link Bench} from the same {@link SendPayloads}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SendEncodeBenchmark {
    @Param({"1", "16", "64"})
    public int batch;

    private final SendPayloads payloads = new SendPayloads();
    private List<Reading> readings;

    @Setup
    public void load() {
        readings = SendPayloads.readings(batch);
    }

    @Benchmark
    public byte[] senmlCbor() {
        return payloads.encode(SendPayloads.nodes(readings), ContentFormat.SENML_CBOR);
    }

    @Benchmark
    public byte[] senmlJson() {
        return payloads.encode(SendPayloads.nodes(readings), ContentFormat.SENML_JSON);
    }
}
