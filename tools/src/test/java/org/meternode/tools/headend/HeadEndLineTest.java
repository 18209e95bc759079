package org.meternode.tools.headend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The head-end's live line per reading: aligned columns, plain numbers, a flag for non-GOOD values. */
class HeadEndLineTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:15:00Z");

    @Test
    void a_good_reading_is_one_aligned_line_without_a_flag() {
        String line = HeadEnd.line(new ReceivedReading("meter-1", "grid.energy", T0, 1.234, "kWh", "GOOD",
                "/3331/0/5700"));

        assertThat(line).isEqualTo("meter-1        grid.energy      2026-03-01T10:15:00Z          1.234 kWh");
    }

    @Test
    void whole_numbers_print_without_decimals_or_exponent() {
        assertThat(HeadEnd.line(new ReceivedReading("meter-1", "grid.power", T0, 1000.0, "W", "GOOD", "/3305/0/5800")))
                .isEqualTo("meter-1        grid.power       2026-03-01T10:15:00Z           1000 W  ");
        assertThat(HeadEnd.line(new ReceivedReading("m", "tap.volume", T0, 0.0, "m3", "GOOD", "/3300/0/5700")))
                .endsWith("              0 m3 ");
        assertThat(HeadEnd.line(new ReceivedReading("m", "tap.volume", T0, 12345678.5, "m3", "GOOD", "p")))
                .contains("     12345678.5 m3");
    }

    @Test
    void other_qualities_are_flagged_in_lower_case() {
        assertThat(HeadEnd.line(new ReceivedReading("meter-1", "grid.energy", T0, 1.25, "kWh", "INTERPOLATED", "p")))
                .endsWith("1.25 kWh  [interpolated]");
        assertThat(HeadEnd.line(new ReceivedReading("meter-1", "tap.volume", T0, 0, "m3", "FAULT", "p")))
                .endsWith("0 m3   [fault]");
    }

    @Test
    void long_names_push_the_columns_but_are_not_cut() {
        String line = HeadEnd.line(new ReceivedReading("a-rather-long-endpoint-name", "a-long-channel.energy", T0,
                1, "kWh", "GOOD", "p"));

        assertThat(line).startsWith("a-rather-long-endpoint-name a-long-channel.energy 2026-03-01T10:15:00Z ");
    }
}
