package org.meternode.hal.meter.wmbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meternode.hal.meter.FuzzRun;
import org.meternode.hal.meter.Mutator;

class WmbusFuzzTest {
    private static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    private static final WmbusAddress METER = new WmbusAddress("KAM", "12345678", 0x1B, 0x07);
    private static final byte[] RECORDS = HexFormat.of().parseHex("041339300000015b15046d2a0b8c1802fd1b3412");

    /** Keys for the corpus files and for the frames written here: decryption is exercised, not skipped. */
    private static final WmbusKeys KEYS;
    private static final List<byte[]> CORPUS = new ArrayList<>();

    static {
        Map<String, byte[]> keys = new java.util.HashMap<>(Map.of("12345678", KEY));
        for (WmbusCorpusTest.CorpusFile file : WmbusCorpusTest.files()) {
            CORPUS.add(file.frame());
            file.key().ifPresent(k -> keys.put(file.id(), k));
        }
        KEYS = WmbusKeys.of(keys);
        WmbusFrameWriter writer = WmbusFrameWriter.from(METER).accessNumber(9).records(RECORDS);
        CORPUS.add(writer.build());
        CORPUS.add(writer.crc(LinkCrc.FORMAT_A).build());
        CORPUS.add(writer.crc(LinkCrc.FORMAT_B).mode5(KEY).build());
        CORPUS.add(writer.crc(LinkCrc.NONE).mode7(KEY, 12).build());
        CORPUS.add(WmbusFrameWriter.from(METER).records(RECORDS).noHeader().ellCtr(KEY, 0x20, 5).build());
    }

    /** Makes a mutated CRC-free frame consistent again: its L-field counts the bytes after it. */
    static byte[] fixLength(byte[] frame) {
        if (frame.length < 11 || frame.length > 256) {
            return frame;
        }
        byte[] fixed = frame.clone();
        fixed[0] = (byte) (frame.length - 1);
        return fixed;
    }

    @Test
    void decoder_survives_100k_random_and_mutated_frames() {
        FuzzRun run = FuzzRun.run(new Mutator(0x574D_4255_53L, CORPUS, WmbusFuzzTest::fixLength),
                frame -> WmbusDecoder.decode(frame, KEYS));

        assertThat(run.rejected()).isPositive();
        assertThat(run.accepted()).as("repaired unencrypted mutants still decode").isPositive();
        assertThat(run.checksumRejections()).as("format A/B mutants fail their CRCs").isPositive();
    }

    @Test
    void decoder_survives_mutants_decoded_as_each_crc_format() {
        for (LinkCrc crc : LinkCrc.values()) {
            FuzzRun run = FuzzRun.run(new Mutator(crc.ordinal(), CORPUS, WmbusFuzzTest::fixLength),
                    frame -> WmbusDecoder.decode(frame, crc, KEYS));
            assertThat(run.rejected()).as(crc.name()).isPositive();
        }
    }
}
