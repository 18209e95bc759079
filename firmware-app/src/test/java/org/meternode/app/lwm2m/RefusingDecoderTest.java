package org.meternode.app.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.codec.CodecException;
import org.eclipse.leshan.core.request.ContentFormat;
import org.junit.jupiter.api.Test;
import org.meternode.app.events.SecurityEvents;

/** Bodies Leshan's own decoders fail on with other exceptions than its CodecException. */
class RefusingDecoderTest {
    private final List<String> events = new ArrayList<>();
    private final RefusingDecoder decoder = new RefusingDecoder((kind, detail) -> events.add(kind + ": " + detail));
    private final StaticModel model = new StaticModel(ObjectModels.all());

    @Test
    void a_string_where_a_boolean_belongs_is_a_codec_exception_naming_format_and_path() {
        byte[] body = "[{\"n\":\"/32501/0/2\",\"vs\":\"abc\"}]".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> decoder.decode(body, ContentFormat.SENML_JSON, new LwM2mPath("/32501/0/2"), model))
                .isInstanceOf(CodecException.class);
        assertThat(events).singleElement().asString().startsWith(SecurityEvents.REQUEST_REFUSED
                + ": undecodable SENML_JSON(110) body for /32501/0/2: Value of type String");
    }

    @Test
    void undecodable_senml_cbor_is_a_codec_exception_and_one_event() {
        byte[] random = {(byte) 0x9f, 0x00, (byte) 0xff, 0x12};

        assertThatThrownBy(() -> decoder.decode(random, ContentFormat.SENML_CBOR, new LwM2mPath("/3/0/14"), model))
                .isInstanceOf(CodecException.class);
        assertThat(events).hasSize(1);
    }

    @Test
    void a_good_body_decodes_and_records_nothing() {
        byte[] body = "[{\"n\":\"/32501/0/2\",\"vb\":true}]".getBytes(StandardCharsets.UTF_8);

        LwM2mSingleResource r = (LwM2mSingleResource) decoder.decode(body, ContentFormat.SENML_JSON,
                new LwM2mPath("/32501/0/2"), model);

        assertThat(r.getValue()).isEqualTo(true);
        assertThat(events).isEmpty();
    }

    @Test
    void a_tlv_element_declaring_more_bytes_than_follow_is_refused_before_leshan_allocates_them() {
        // Seen in the hostile-server test: 48 bytes whose first header declares 7,217,722 bytes (7 MB).
        byte[] body = java.util.HexFormat.of().parseHex(
                "7b22626e223a222f332f302f222c2265853a5b7b226e223a223134222c227664223a225a3228795940466e5a513d3d22");

        assertThatThrownBy(() -> decoder.decode(body, ContentFormat.TLV, new LwM2mPath("/3/0/14"), model))
                .isInstanceOf(CodecException.class).hasMessage("TLV element at byte 0 declares 7217722 bytes; 42 follow");
        assertThat(events).singleElement().asString().contains("undecodable TLV(11542) body for /3/0/14");
    }

    @Test
    void a_nested_tlv_element_is_checked_too_and_a_well_formed_instance_decodes() {
        // Object instance 0 holding resource 14 = "+01" (3 bytes): well formed.
        byte[] good = {0x05, 0x00, (byte) 0xc3, 0x0e, '+', '0', '1'};
        // The same, the inner resource declaring 3 bytes where 2 follow.
        byte[] cut = {0x04, 0x00, (byte) 0xc3, 0x0e, '+', '0'};

        assertThat(decoder.decode(good, ContentFormat.TLV, new LwM2mPath("/3/0"), model)).isNotNull();
        assertThatThrownBy(() -> decoder.decode(cut, ContentFormat.TLV, new LwM2mPath("/3/0"), model))
                .isInstanceOf(CodecException.class).hasMessage("TLV element at byte 2 declares 3 bytes; 2 follow");
    }

    @Test
    void a_tlv_boolean_is_one_byte_zero_or_one_where_leshan_reads_any_other_byte_as_false() {
        byte[] two = {(byte) 0xc1, 0x02, 0x02};
        byte[] one = {(byte) 0xc1, 0x02, 0x01};

        assertThatThrownBy(() -> decoder.decode(two, ContentFormat.TLV, new LwM2mPath("/32501/2/2"), model))
                .isInstanceOf(CodecException.class)
                .hasMessage("TLV element at byte 0: resource 2 (Active) is a boolean, one byte 0 or 1; got 02");
        assertThat(((LwM2mSingleResource) decoder.decode(one, ContentFormat.TLV, new LwM2mPath("/32501/2/2"), model))
                .getValue()).isEqualTo(true);
    }
}
