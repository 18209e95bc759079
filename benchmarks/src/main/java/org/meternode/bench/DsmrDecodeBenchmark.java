package org.meternode.bench;

import java.util.concurrent.TimeUnit;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.dsmr.DsmrFramer;
import org.meternode.hal.meter.dsmr.DsmrStats;
import org.meternode.hal.meter.dsmr.DsmrTelegram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * DSMR P1: what {@code DsmrReader} does with each telegram once its bytes have arrived — frame it
 * ({@link DsmrFramer}) and decode it with the CRC check ({@link DsmrTelegram#decode}) — on seven golden
 * DSMR 4.2/5.0 and e-MUCS telegrams, time per telegram. The peer is the wire itself: a P1 port at
 * 115200 baud 8N1 (10 bits a byte) delivering telegrams of the corpus's mean size back to back, so the
 * ratio says how many times faster the node decodes than the meter can send (real meters send one
 * telegram a second, far below the wire's rate). No decoder library is the peer: none for DSMR is in
 * our dependency set. Run with JMH's gc profiler, the table also gives bytes allocated per telegram.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DsmrDecodeBenchmark {
    /** DSMR 4.x/5.x P1 port: 115200 baud, 8N1. */
    static final int BAUD = 115_200;
    static final int BITS_PER_BYTE = 10;

    private Corpus.Cycle telegrams;
    private DsmrFramer framer;

    @Setup
    public void load() {
        telegrams = new Corpus.Cycle(Corpus.DSMR_TELEGRAMS);
        framer = new DsmrFramer(new DsmrStats());
    }

    @Benchmark
    public void meternode(Blackhole bh) throws DecodingException {
        byte[] received = telegrams.next();
        for (byte[] telegram : framer.feed(received, 0, received.length)) {
            bh.consume(DsmrTelegram.decode(telegram));
        }
    }

    /** Telegrams per second the wire delivers at the corpus's mean telegram size: the peer. */
    static double wireTelegramsPerSecond() {
        return (double) BAUD / BITS_PER_BYTE / Corpus.meanBytes(Corpus.frames(Corpus.DSMR_TELEGRAMS));
    }
}
