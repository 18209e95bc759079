package org.meternode.hal.meter.iec62056;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.meternode.hal.meter.FuzzRun;
import org.meternode.hal.meter.Mutator;

class Iec62056FuzzTest {
    private static final List<byte[]> BLOCKS = List.of(
            Iec62056Test.identificationAndRest("lem-em4tii-mode-c.txt")[1],
            Iec62056Test.identificationAndRest("easymeter-q3da3024-push.txt")[1]);
    private static final List<byte[]> IDENTIFICATIONS = List.of(
            Iec62056Test.identificationAndRest("lem-em4tii-mode-c.txt")[0],
            Iec62056Test.identificationAndRest("easymeter-q3da3024-push.txt")[0],
            Iec62056Test.identificationAndRest("easymeter-q3da1004-leading-garbage.txt")[0]);

    /** Recomputes the BCC of a block that starts with STX and has an ETX before its last byte. */
    static byte[] fixBcc(byte[] block) {
        if (block.length < 3 || block[0] != 0x02 || block[block.length - 2] != 0x03) {
            return block;
        }
        byte[] fixed = block.clone();
        int bcc = 0;
        for (int i = 1; i < block.length - 1; i++) {
            bcc ^= block[i];
        }
        fixed[block.length - 1] = (byte) bcc;
        return fixed;
    }

    @Test
    void data_block_decoder_survives_100k_random_and_mutated_blocks() {
        FuzzRun run = FuzzRun.run(new Mutator(0x1EC21L, BLOCKS, Iec62056FuzzTest::fixBcc), Iec62056DataBlock::decode);

        assertThat(run.rejected()).isPositive();
        assertThat(run.accepted()).isPositive();
        assertThat(run.checksumRejections()).isPositive();
    }

    @Test
    void identification_decoder_survives_100k_random_and_mutated_lines() {
        FuzzRun run = FuzzRun.run(new Mutator(0x1D3EL, IDENTIFICATIONS, line -> line), Iec62056Identification::decode);

        assertThat(run.rejected()).isPositive();
        assertThat(run.accepted()).isPositive();
    }
}
