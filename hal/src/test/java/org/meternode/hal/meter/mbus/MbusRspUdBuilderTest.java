package org.meternode.hal.meter.mbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** What the simulated meters send must decode with the node's own decoder, exactly. */
class MbusRspUdBuilderTest {
    private static final MbusSecondaryAddress WATER = new MbusSecondaryAddress("12345678", "ZRI", 1, 7);

    @Test
    void builds_a_long_header_rsp_ud_that_decodes_to_the_same_values() throws Exception {
        byte[] frame = new MbusRspUdBuilder(5, WATER).accessNumber(3)
                .int32(0x13, 123_456) // VIF 13h: volume, litres
                .bcd8(0x06, 4_711) // VIF 06h: energy, kWh
                .build();

        MbusFrame.RspUd rsp = (MbusFrame.RspUd) MbusFrame.decode(frame);

        assertThat(rsp.address()).isEqualTo(5);
        assertThat(rsp.data().address()).contains(WATER);
        assertThat(rsp.data().accessNumber()).isEqualTo(3);
        assertThat(rsp.data().moreRecordsFollow()).isFalse();
        MbusRecord volume = rsp.data().records().get(0);
        assertThat(volume.description()).isEqualTo("VOLUME");
        assertThat(volume.unit()).isEqualTo("m3");
        assertThat(volume.scaledValue()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("123.456"));
        MbusRecord energy = rsp.data().records().get(1);
        assertThat(energy.unit()).isEqualTo("Wh");
        assertThat(energy.scaledValue()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(new BigDecimal("4711000")));
    }

    @Test
    void marks_more_records_follow() throws Exception {
        byte[] frame = new MbusRspUdBuilder(5, WATER).int16(0x13, 7).moreRecordsFollow().build();

        assertThat(((MbusFrame.RspUd) MbusFrame.decode(frame)).data().moreRecordsFollow()).isTrue();
    }
}
