package org.meternode.hal.meter.sml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.GoldenCorpus;

class SmlFramerTest {
    private static final byte[] EASYMETER = GoldenCorpus.bytes("easymeter-q3ba1022-push.hex");
    private static final byte[] EMH = GoldenCorpus.bytes("emh-ehz-push.hex");

    private final SmlFramer framer = new SmlFramer();

    @Test
    void skips_leading_garbage() throws DecodingException {
        byte[] stream = GoldenCorpus.bytes("easymeter-q3ba1022-leading-garbage.hex");

        List<byte[]> files = framer.feed(stream, 0, stream.length);

        assertThat(files).singleElement().isEqualTo(EASYMETER);
        assertThat(framer.garbageBytes()).isEqualTo(stream.length - EASYMETER.length);
        assertThat(SmlFile.decode(files.get(0)).entries()).hasSize(8);
    }

    @Test
    void frames_files_fed_one_byte_at_a_time_back_to_back() {
        byte[] stream = concat(EASYMETER, EMH);
        List<byte[]> files = new ArrayList<>();
        for (int i = 0; i < stream.length; i++) {
            files.addAll(framer.feed(stream, i, 1));
        }

        assertThat(files).containsExactly(EASYMETER, EMH);
        assertThat(framer.garbageBytes()).isZero();
    }

    @Test
    void keeps_an_escaped_escape_sequence_inside_the_file() {
        byte[] secret = {0x1B, 0x1B, 0x1B, 0x1B, 0x1B, 0x1B, 0x1B, 0x1B, 0x1B, 0x1B, 0x1B};
        for (int pad = 0; pad < 4; pad++) {
            byte[] file = SmlEncoder.file(SmlEncoder.getListResponse(new byte[1 + pad],
                    SmlEncoder.entry(SmlEncoder.obis(1, 0, 96, 1, 0, 255), 255, 0, SmlEncoder.octets(secret))));

            assertThat(new SmlFramer().feed(file, 0, file.length)).singleElement().isEqualTo(file);
        }
    }

    @Test
    void starts_over_when_a_new_file_begins_before_the_end() {
        byte[] cut = Arrays.copyOf(EASYMETER, 200);
        byte[] stream = concat(cut, EMH);

        assertThat(framer.feed(stream, 0, stream.length)).singleElement().isEqualTo(EMH);
        assertThat(framer.restarts()).isEqualTo(1);
        assertThat(framer.discardedBytes()).isEqualTo(200);
    }

    @Test
    void drops_a_file_that_outgrows_the_size_bound() {
        SmlFramer small = new SmlFramer(256);
        byte[] stream = concat(EASYMETER, EMH);

        assertThat(small.feed(stream, 0, stream.length)).isEmpty();
        assertThat(small.oversize()).isEqualTo(2);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
