package org.meternode.bench;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.sml.SmlFile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openmuc.jsml.structures.SmlMessage;
import org.openmuc.jsml.transport.MessageExtractor;

/**
 * SML decode: meternode's {@link SmlFile#decode(byte[])} against OpenMUC jsml on the same golden
 * pushes (EasyMeter Q3B, EMH eHZ, EMH EDL40), time per file. jsml is the peer because it is the
 * decoder we chose not to use (see SmlFile's Javadoc): ours must not be the slower price of being
 * strict. Both do the same work: find the transport frame, check its CRC, undo escapes, decode every
 * message and check every message CRC ({@code MessageExtractor} then {@code SmlMessage.decodeAndCheck},
 * as hal's cross-check test reads them).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SmlDecodeBenchmark {
    private Corpus.Cycle files;

    @Setup
    public void load() {
        files = new Corpus.Cycle(Corpus.SML_FILES);
    }

    @Benchmark
    public SmlFile meternode() throws DecodingException {
        return SmlFile.decode(files.next());
    }

    @Benchmark
    public List<SmlMessage> jsml() throws IOException {
        return jsmlMessages(files.next());
    }

    /** jsml's reading of one transport file: its messages, each decoded and CRC-checked. */
    static List<SmlMessage> jsmlMessages(byte[] file) throws IOException {
        byte[] messages = new MessageExtractor(new DataInputStream(new ByteArrayInputStream(file)), 1000)
                .getSmlMessage();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(messages));
        List<SmlMessage> decoded = new ArrayList<>();
        while (in.available() > 0) {
            SmlMessage message = new SmlMessage();
            if (!message.decodeAndCheck(in)) {
                throw new IOException("jsml: message " + decoded.size() + " does not decode or its CRC is wrong");
            }
            decoded.add(message);
        }
        return decoded;
    }
}
