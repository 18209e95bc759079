package org.meternode.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.mbus.MbusFrame;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openmuc.jmbus.MBusMessage;
import org.openmuc.jmbus.VariableDataStructure;

/**
 * M-Bus decode: meternode's {@link MbusFrame#decode(byte[])} (start/stop bytes, both length fields,
 * checksum, all input consumed, then the records with raw DIB/VIB, unit and exponent) against OpenMUC
 * jmbus's own long-frame decode ({@code MBusMessage.decode} and {@code VariableDataStructure.decode}),
 * on the same eight RSP_UD frames, time per frame. jmbus is the peer because our decoder wraps it: the
 * ratio is the price of our checks and of keeping raw bytes and scale (jmbus skips the checksum).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MbusDecodeBenchmark {
    private Corpus.Cycle frames;

    @Setup
    public void load() {
        frames = new Corpus.Cycle(Corpus.MBUS_FRAMES);
    }

    @Benchmark
    public MbusFrame meternode() throws DecodingException {
        return MbusFrame.decode(frames.next());
    }

    @Benchmark
    public VariableDataStructure jmbus() throws IOException, org.openmuc.jmbus.DecodingException {
        return jmbusRecords(frames.next());
    }

    /** jmbus's reading of one long frame: the variable data structure, decoded. */
    static VariableDataStructure jmbusRecords(byte[] frame) throws IOException, org.openmuc.jmbus.DecodingException {
        VariableDataStructure data = MBusMessage.decode(frame, frame.length).getVariableDataResponse();
        data.decode();
        return data;
    }
}
