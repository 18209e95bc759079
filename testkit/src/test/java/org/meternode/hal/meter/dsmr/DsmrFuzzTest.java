package org.meternode.hal.meter.dsmr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.meternode.hal.meter.ChecksumException;
import org.meternode.hal.meter.Crc16;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.FuzzRun;
import org.meternode.hal.meter.GoldenCorpus;
import org.meternode.hal.meter.Mutator;

class DsmrFuzzTest {
    private static final List<byte[]> CORPUS = GoldenCorpus.names(".txt").stream()
            .filter(n -> n.contains("smr") || n.contains("emucs")).map(GoldenCorpus::bytes).toList();

    /** Rewrites the 4 CRC digits after '!' so that damage reaches the parser behind the CRC check. */
    static byte[] fixCrc(byte[] telegram) {
        for (int i = 0; i < telegram.length; i++) {
            if (telegram[i] == '!') {
                if (i + 4 >= telegram.length) {
                    return telegram;
                }
                byte[] fixed = telegram.clone();
                String crc = String.format("%04X", Crc16.arc(telegram, 0, i + 1));
                for (int k = 0; k < 4; k++) {
                    fixed[i + 1 + k] = (byte) crc.charAt(k);
                }
                return fixed;
            }
        }
        return telegram;
    }

    @Test
    void decoder_survives_100k_random_and_mutated_telegrams() {
        FuzzRun run = FuzzRun.run(new Mutator(0xD5_4D_52L, CORPUS, DsmrFuzzTest::fixCrc), DsmrTelegram::decode);

        assertThat(run.rejected()).isPositive();
        assertThat(run.accepted()).as("CRC-repaired mutants that are still valid telegrams").isPositive();
        assertThat(run.checksumRejections()).isPositive();
    }

    @Test
    void framer_and_decoder_account_for_every_byte_of_a_damaged_stream() {
        Mutator mutator = new Mutator(0xF4A3E4L, CORPUS, DsmrFuzzTest::fixCrc);
        Random chunks = new Random(7);
        DsmrStats stats = new DsmrStats();
        DsmrFramer framer = new DsmrFramer(stats);
        long fed = 0;
        long framedBytes = 0;
        int framed = 0;
        int decoded = 0;
        for (int i = 0; i < FuzzRun.ITERATIONS / 10; i++) {
            byte[] piece = mutator.next();
            for (int offset = 0; offset < piece.length; ) {
                int n = Math.min(piece.length - offset, 1 + chunks.nextInt(300));
                List<byte[]> telegrams = new ArrayList<>(framer.feed(piece, offset, n));
                fed += n;
                offset += n;
                for (byte[] telegram : telegrams) {
                    framed++;
                    framedBytes += telegram.length;
                    assertThat(telegram.length).isLessThanOrEqualTo(DsmrFramer.DEFAULT_MAX_TELEGRAM_BYTES);
                    try {
                        DsmrTelegram.decode(telegram);
                        decoded++;
                    } catch (ChecksumException e) {
                        stats.badCrc(e.getMessage());
                    } catch (DecodingException e) {
                        stats.malformed(e.getMessage());
                    }
                }
            }
        }

        assertThat(stats.garbageBytes() + stats.discardedBytes() + framedBytes + framer.partialLength()).isEqualTo(fed);
        assertThat(decoded + stats.badCrc() + stats.malformed()).isEqualTo(framed);
        assertThat(stats.restarts()).isPositive();
        assertThat(decoded).isPositive();
    }
}
