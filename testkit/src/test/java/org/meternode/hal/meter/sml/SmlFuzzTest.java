package org.meternode.hal.meter.sml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.FuzzRun;
import org.meternode.hal.meter.GoldenCorpus;
import org.meternode.hal.meter.Mutator;

class SmlFuzzTest {
    private static final List<byte[]> CORPUS = List.of(GoldenCorpus.bytes("easymeter-q3ba1022-push.hex"),
            GoldenCorpus.bytes("emh-ehz-push.hex"), GoldenCorpus.bytes("emh-edl40-push.hex"));

    /** Re-frames the damaged messages of a mutant (escapes, fill, end sequence and transport CRC all right). */
    static byte[] reframe(byte[] file) {
        if (file.length < 16) {
            return file;
        }
        return SmlEncoder.file(Arrays.copyOfRange(file, 8, file.length - 8));
    }

    @Test
    void decoder_survives_100k_random_and_mutated_files() {
        FuzzRun run = FuzzRun.run(new Mutator(0x534D4CL, CORPUS, SmlFuzzTest::reframe), SmlFile::decode);

        assertThat(run.rejected()).isPositive();
        assertThat(run.accepted()).isPositive();
        assertThat(run.checksumRejections()).isPositive();
    }

    @Test
    void framer_survives_a_damaged_stream_and_every_file_it_cuts_decodes_or_is_rejected() {
        Mutator mutator = new Mutator(0x5F4DL, CORPUS, SmlFuzzTest::reframe);
        Random chunks = new Random(11);
        SmlFramer framer = new SmlFramer();
        int files = 0;
        int decoded = 0;
        for (int i = 0; i < FuzzRun.ITERATIONS / 10; i++) {
            byte[] piece = mutator.next();
            for (int offset = 0; offset < piece.length; ) {
                int n = Math.min(piece.length - offset, 1 + chunks.nextInt(200));
                for (byte[] file : framer.feed(piece, offset, n)) {
                    files++;
                    try {
                        SmlFile.decode(file);
                        decoded++;
                    } catch (DecodingException rejected) {
                        // counted by the caller in production; here it only must not be anything else
                    }
                }
                offset += n;
            }
        }

        assertThat(files).isPositive();
        assertThat(decoded).isPositive();
        assertThat(framer.garbageBytes()).isPositive();
    }
}
