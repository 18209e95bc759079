package org.meternode.board.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class InputEventLayoutTest {
    /** A press of BTN_0 (256) at 1767225600.250000 s, as a 64-bit little-endian process reads it. */
    private static final String PRESS_64 = "00b9556900000000" + "90d0030000000000" + "0100" + "0001" + "01000000";

    @Test
    void a_64_bit_event_is_24_bytes_timeval_type_code_value_little_endian() {
        byte[] bytes = HexFormat.of().parseHex(PRESS_64);
        assertThat(InputEventLayout.LITTLE_ENDIAN_64.size()).isEqualTo(24);
        InputEvent event = InputEventLayout.LITTLE_ENDIAN_64.decode(ByteBuffer.wrap(bytes));
        assertThat(event).isEqualTo(new InputEvent(1_767_225_600_250_000L, InputEvent.EV_KEY, 256, 1));
        assertThat(InputEventLayout.LITTLE_ENDIAN_64.encode(event)).isEqualTo(bytes);
    }

    @Test
    void a_32_bit_process_sees_16_byte_events() {
        byte[] bytes = HexFormat.of().parseHex("00b95569" + "90d00300" + "0000" + "0000" + "00000000");
        assertThat(InputEventLayout.LITTLE_ENDIAN_32.size()).isEqualTo(16);
        assertThat(InputEventLayout.LITTLE_ENDIAN_32.decode(ByteBuffer.wrap(bytes)))
                .isEqualTo(new InputEvent(1_767_225_600_250_000L, InputEvent.EV_SYN, 0, 0));
    }

    @Test
    void big_endian_machines_are_read_in_their_order() {
        InputEventLayout be = new InputEventLayout(4, ByteOrder.BIG_ENDIAN);
        InputEvent release = new InputEvent(3_000_001L, InputEvent.EV_KEY, 0x2ff, 0);
        byte[] bytes = be.encode(release);
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("00000003" + "00000001" + "0001" + "02ff" + "00000000");
        assertThat(be.decode(ByteBuffer.wrap(bytes))).isEqualTo(release);
    }

    @Test
    void decoding_moves_past_exactly_one_event() {
        ByteBuffer two = ByteBuffer.allocate(48);
        two.put(InputEventLayout.LITTLE_ENDIAN_64.encode(FakeKernel.press(256, 1)));
        two.put(InputEventLayout.LITTLE_ENDIAN_64.encode(FakeKernel.syn(2))).flip();
        assertThat(InputEventLayout.LITTLE_ENDIAN_64.decode(two).type()).isEqualTo(InputEvent.EV_KEY);
        assertThat(two.position()).isEqualTo(24);
        assertThat(InputEventLayout.LITTLE_ENDIAN_64.decode(two).type()).isEqualTo(InputEvent.EV_SYN);
    }

    @Test
    void this_jvm_gets_a_layout_matching_its_data_model() {
        InputEventLayout layout = InputEventLayout.ofThisProcess();
        assertThat(layout.size()).isEqualTo(System.getProperty("sun.arch.data.model").equals("64") ? 24 : 16);
        assertThat(layout.order()).isEqualTo(ByteOrder.nativeOrder());
    }
}
