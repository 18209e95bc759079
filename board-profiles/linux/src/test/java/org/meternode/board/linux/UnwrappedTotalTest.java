package org.meternode.board.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnwrappedTotalTest {
    @Test
    void the_first_reading_is_the_total() {
        assertThat(new UnwrappedTotal(32).advance(123)).isEqualTo(123);
    }

    @Test
    void a_16_bit_counter_wraps_at_65536() {
        UnwrappedTotal total = new UnwrappedTotal(16);
        total.advance(65_530);
        assertThat(total.advance(4)).isEqualTo(65_540);
        assertThat(total.lastStep()).isEqualTo(UnwrappedTotal.Step.WRAPPED);
        assertThat(total.advance(65_535)).isEqualTo(65_536 + 65_535);
        assertThat(total.advance(0)).isEqualTo(2 * 65_536);
    }

    @Test
    void a_fall_of_less_than_half_the_range_is_a_reset_not_a_wrap() {
        UnwrappedTotal total = new UnwrappedTotal(16);
        total.advance(30_000);
        assertThat(total.advance(5)).isEqualTo(30_005);
        assertThat(total.lastStep()).isEqualTo(UnwrappedTotal.Step.RESET);
    }

    @Test
    void bits_above_the_width_are_ignored() {
        assertThat(new UnwrappedTotal(24).advance(0x7_000_0010L)).isEqualTo(0x10);
    }

    @Test
    void a_64_bit_counter_never_wraps_but_cannot_exceed_a_long() {
        UnwrappedTotal total = new UnwrappedTotal(64);
        total.advance(Long.MAX_VALUE - 1);
        assertThat(total.advance(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> total.advance(Long.parseUnsignedLong("9223372036854775808")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("9223372036854775808 exceeds 2^63 - 1");
    }
}
