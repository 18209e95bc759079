package org.meternode.hal.meter.dsmr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meternode.hal.meter.GoldenCorpus;

class DsmrFramerTest {
    private static final byte[] CAPTURE = GoldenCorpus.bytes("iskra-am550-dsmr50-capture.txt");
    private static final byte[] DSMR22 = GoldenCorpus.bytes("iskra-mt382-dsmr22-gas.txt");

    private final DsmrStats stats = new DsmrStats();
    private final DsmrFramer framer = new DsmrFramer(stats);

    @Test
    void skips_leading_garbage() {
        byte[] stream = GoldenCorpus.bytes("iskra-am550-dsmr50-leading-garbage.txt");

        List<byte[]> telegrams = framer.feed(stream, 0, stream.length);

        assertThat(telegrams).singleElement().isEqualTo(CAPTURE);
        assertThat(stats.garbageBytes()).isEqualTo(stream.length - CAPTURE.length);
        assertThat(stats.rejections()).isZero();
    }

    @Test
    void frames_the_same_telegram_when_fed_one_byte_at_a_time() {
        List<byte[]> telegrams = new ArrayList<>();
        for (int i = 0; i < CAPTURE.length; i++) {
            telegrams.addAll(framer.feed(CAPTURE, i, 1));
        }

        assertThat(telegrams).singleElement().isEqualTo(CAPTURE);
    }

    @Test
    void frames_two_telegrams_arriving_in_one_read() {
        byte[] both = concat(DSMR22, CAPTURE);

        assertThat(framer.feed(both, 0, both.length)).containsExactly(DSMR22, CAPTURE);
    }

    @Test
    void restarts_on_a_new_slash_before_the_end_marker() {
        byte[] truncated = GoldenCorpus.bytes("iskra-am550-dsmr50-truncated.txt");
        byte[] stream = concat(truncated, CAPTURE);

        assertThat(framer.feed(stream, 0, stream.length)).singleElement().isEqualTo(CAPTURE);
        assertThat(stats.restarts()).isEqualTo(1);
        assertThat(stats.discardedBytes()).isEqualTo(truncated.length);
    }

    @Test
    void drops_a_telegram_that_outgrows_the_size_bound() {
        byte[] endless = new byte[10_000];
        Arrays.fill(endless, (byte) 'x');
        endless[0] = '/';
        byte[] stream = concat(endless, CAPTURE);

        assertThat(framer.feed(stream, 0, stream.length)).singleElement().isEqualTo(CAPTURE);
        assertThat(stats.oversize()).isEqualTo(1);
        assertThat(stats.discardedBytes()).isEqualTo(DsmrFramer.DEFAULT_MAX_TELEGRAM_BYTES + 1);
        assertThat(stats.garbageBytes()).isEqualTo(endless.length - DsmrFramer.DEFAULT_MAX_TELEGRAM_BYTES - 1);
    }

    @Test
    void ends_a_telegram_without_line_end_when_the_next_one_starts() {
        byte[] withoutLineEnd = Arrays.copyOf(CAPTURE, CAPTURE.length - 2);
        byte[] stream = concat(withoutLineEnd, CAPTURE);

        assertThat(framer.feed(stream, 0, stream.length)).containsExactly(withoutLineEnd, CAPTURE);
    }

    @Test
    void abandons_a_partial_telegram_and_counts_the_timeout() {
        framer.feed(CAPTURE, 0, 100);

        assertThat(framer.inTelegram()).isTrue();
        framer.abandonPartial();

        assertThat(framer.inTelegram()).isFalse();
        assertThat(stats.timeouts()).isEqualTo(1);
        assertThat(stats.discardedBytes()).isEqualTo(100);
        assertThat(framer.feed(CAPTURE, 0, CAPTURE.length)).singleElement().isEqualTo(CAPTURE);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
