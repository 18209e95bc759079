package org.meternode.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.junit.jupiter.api.Test;
import org.meternode.app.lwm2m.ObjectModels;
import org.meternode.hal.meter.dsmr.DsmrFramer;
import org.meternode.hal.meter.dsmr.DsmrStats;
import org.meternode.hal.meter.dsmr.DsmrTelegram;
import org.meternode.hal.meter.mbus.MbusFrame;
import org.meternode.hal.meter.sml.SmlFile;

/**
 * A fast check that every benchmark does the work it claims on valid inputs, so that a renamed golden
 * file or a peer that silently decodes nothing fails the build rather than skewing a figure. No timing.
 */
class BenchInputsTest {
    @Test
    void both_sml_decoders_read_every_message_of_each_golden_file() throws Exception {
        for (byte[] file : Corpus.frames(Corpus.SML_FILES)) {
            assertThat(SmlDecodeBenchmark.jsmlMessages(file)).hasSize(SmlFile.decode(file).messages());
        }
    }

    @Test
    void both_mbus_decoders_read_the_same_records_of_each_frame() throws Exception {
        for (byte[] frame : Corpus.frames(Corpus.MBUS_FRAMES)) {
            MbusFrame.RspUd ours = (MbusFrame.RspUd) MbusFrame.decode(frame);
            assertThat(MbusDecodeBenchmark.jmbusRecords(frame).getDataRecords()).hasSize(ours.data().records().size());
        }
    }

    @Test
    void each_dsmr_telegram_frames_once_and_decodes_with_its_crc() throws Exception {
        DsmrFramer framer = new DsmrFramer(new DsmrStats());
        for (byte[] received : Corpus.frames(Corpus.DSMR_TELEGRAMS)) {
            List<byte[]> framed = framer.feed(received, 0, received.length);
            assertThat(framed).hasSize(1);
            assertThat(DsmrTelegram.decode(framed.get(0)).crcChecked()).isTrue();
        }
        assertThat(DsmrDecodeBenchmark.wireTelegramsPerSecond()).isBetween(5.0, 30.0);
    }

    @Test
    void send_payloads_carry_every_reading_in_both_formats() {
        SendPayloads payloads = new SendPayloads();
        TimestampedLwM2mNodes nodes = SendPayloads.nodes(SendPayloads.readings(16));
        assertThat(nodes.getTimestamps()).hasSize(4);
        String json = new String(payloads.encode(nodes, ContentFormat.SENML_JSON));
        assertThat(json).contains("12345.678", "456.789", "4.21", "924");
        byte[] cbor = payloads.encode(nodes, ContentFormat.SENML_CBOR);
        assertThat(cbor.length).isLessThan(json.length());
        assertThat(new DefaultLwM2mDecoder().decodeTimestampedNodes(cbor, ContentFormat.SENML_CBOR, null,
                new StaticModel(ObjectModels.all()))).as("as Leshan's decoder (the head-end's) reads it").isEqualTo(nodes);
    }

    @Test
    void a_ct_measurement_is_twenty_mains_cycles_of_conversions() {
        assertThat(CtClampBenchmark.conversionsPerMeasurement()).isEqualTo(344);
        assertThat(CtClampBenchmark.adcSecondsPerMeasurement()).isEqualTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
        CtClampBenchmark bench = new CtClampBenchmark();
        bench.sample();
        assertThat(bench.acPower().realWatts()).isPositive();
        assertThat(bench.acRms()).isPositive();
    }

    @Test
    void without_timings_the_table_still_has_the_payload_sizes() {
        assertThat(new Report(List.of()).table()).contains("Send payload, 64 readings (SenML-CBOR)")
                .doesNotContain("SML decode");
    }
}
