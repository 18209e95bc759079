package org.meternode.hal.meter.mbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meternode.hal.meter.FuzzRun;
import org.meternode.hal.meter.GoldenCorpus;
import org.meternode.hal.meter.Mutator;

class MbusFuzzTest {
    private static final List<byte[]> CORPUS = corpus();

    private static List<byte[]> corpus() {
        List<byte[]> frames = new ArrayList<>();
        for (String name : GoldenCorpus.names(".hex")) {
            if (name.contains("multi")) {
                frames.addAll(GoldenCorpus.frames(name));
            } else if (!name.contains("push") && !name.contains("q3ba")) {
                frames.add(GoldenCorpus.bytes(name));
            }
        }
        frames.add(new byte[] {(byte) 0xE5});
        frames.add(MbusFrame.reqUd2(5, true).encode());
        return frames;
    }

    /** Makes a mutated long frame consistent again: both L fields, checksum and stop byte. */
    static byte[] fixFrame(byte[] frame) {
        if (frame.length < 9 || frame[0] != 0x68 || frame.length - 6 > 255) {
            return frame;
        }
        byte[] fixed = frame.clone();
        int length = frame.length - 6;
        fixed[1] = (byte) length;
        fixed[2] = (byte) length;
        fixed[3] = 0x68;
        int sum = 0;
        for (int i = 4; i < 4 + length; i++) {
            sum += fixed[i];
        }
        fixed[4 + length] = (byte) sum;
        fixed[5 + length] = 0x16;
        return fixed;
    }

    @Test
    void decoder_survives_100k_random_and_mutated_frames() {
        FuzzRun run = FuzzRun.run(new Mutator(0x4D_42_55_53L, CORPUS, MbusFuzzTest::fixFrame), MbusFrame::decode);

        assertThat(run.rejected()).isPositive();
        assertThat(run.accepted()).as("repaired mutants jmbus and the layout walk both accept").isPositive();
        assertThat(run.checksumRejections()).isPositive();
    }
}
