package org.meternode.bench;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.wmbus.LinkCrc;
import org.meternode.hal.meter.wmbus.WmbusDecoder;
import org.meternode.hal.meter.wmbus.WmbusKeys;
import org.meternode.hal.meter.wmbus.WmbusTelegram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openmuc.jmbus.SecondaryAddress;
import org.openmuc.jmbus.VariableDataStructure;

/**
 * Wireless M-Bus decode: meternode's {@link WmbusDecoder} (link layer, transport header, AES-128-CBC
 * mode 5 with the 2F 2F check, records with raw bytes and scale) against OpenMUC jmbus's own reading
 * of the same telegrams (link-layer address, then {@code VariableDataStructure} with its key map,
 * which decrypts mode 5 too), on golden T1 telegrams both decode: two plain, two mode 5. Time per
 * telegram; a stick delivers at most a few telegrams a second, so either is far below the budget.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WmbusDecodeBenchmark {
    /** Telegrams with a short transport header both decoders read, and the keys of the encrypted ones. */
    static final List<String> TELEGRAMS = List.of("wmbus-sensus-iperl.hex", "wmbus-sontex-supercom587-warm-water.hex",
            "wmbus-dwz-waterstarm-mode5.hex", "wmbus-techem-fhkvdataiv-mode5.hex");

    private Corpus.Cycle frames;
    private WmbusKeys keys;
    private Map<SecondaryAddress, byte[]> jmbusKeys;

    @Setup
    public void load() throws Exception {
        frames = new Corpus.Cycle(TELEGRAMS);
        Map<String, byte[]> byId = new HashMap<>();
        jmbusKeys = new HashMap<>();
        for (String name : TELEGRAMS) {
            String key = Corpus.header(name, "Key");
            if (key != null) {
                byId.put(Corpus.header(name, "Id"), HexFormat.of().parseHex(key));
                jmbusKeys.put(SecondaryAddress.newFromWMBusHeader(Corpus.bytes(name), 2), HexFormat.of().parseHex(key));
            }
        }
        keys = WmbusKeys.of(byId);
        for (byte[] frame : Corpus.frames(TELEGRAMS)) { // both must read every telegram, or the race is unfair
            meternode(frame);
            jmbus(frame);
        }
    }

    @Benchmark
    public WmbusTelegram meternode() throws DecodingException {
        return meternode(frames.next());
    }

    @Benchmark
    public VariableDataStructure jmbus() throws org.openmuc.jmbus.DecodingException {
        return jmbus(frames.next());
    }

    private WmbusTelegram meternode(byte[] frame) throws DecodingException {
        return WmbusDecoder.decode(frame, LinkCrc.NONE, keys);
    }

    private VariableDataStructure jmbus(byte[] frame) throws org.openmuc.jmbus.DecodingException {
        SecondaryAddress link = SecondaryAddress.newFromWMBusHeader(frame, 2);
        VariableDataStructure data = new VariableDataStructure(frame, 10, frame.length - 10, link, jmbusKeys);
        data.decode();
        return data;
    }
}
