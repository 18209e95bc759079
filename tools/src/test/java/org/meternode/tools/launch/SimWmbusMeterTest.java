package org.meternode.tools.launch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.meternode.hal.meter.GoldenCorpus;
import org.meternode.hal.meter.wmbus.WmbusDecoder;
import org.meternode.hal.meter.wmbus.WmbusKeys;
import org.meternode.hal.meter.wmbus.WmbusTelegram;

/** The sim's radio traffic is real-format: its corpus telegrams are the golden files', byte for byte. */
class SimWmbusMeterTest {
    @Test
    void corpus_telegrams_are_the_golden_files() {
        assertThat(SimWmbusMeter.CORPUS).satisfiesExactly(
                t -> assertThat(t).isEqualTo(GoldenCorpus.bytes("wmbus-sensus-iperl.hex")),
                t -> assertThat(t).isEqualTo(GoldenCorpus.bytes("wmbus-sontex-supercom587-warm-water.hex")));
    }

    @Test
    void every_corpus_telegram_decodes_without_a_key() throws Exception {
        for (byte[] frame : SimWmbusMeter.CORPUS) {
            WmbusTelegram t = WmbusDecoder.decode(frame, WmbusKeys.none());
            assertThat(t.encrypted()).isFalse();
            assertThat(t.records()).extracting(r -> r.description()).contains("VOLUME");
        }
    }
}
