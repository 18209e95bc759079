package org.meternode.app.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meternode.app.reading.Reading.Quality;

/** A reading keeps its value exact as mantissa * 10^exponent. */
class ReadingTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @ParameterizedTest(name = "{0} -> {1} e{2}")
    @CsvSource({
            "1.234,       1234,   -3",
            "1.234000,    1234,   -3",
            "1000,        1000,    0",
            "1E+3,        1000,    0",
            "1000.0,      1000,    0",
            "0.000,          0,    0",
            "52.5,         525,   -1",
            "-0.25,        -25,   -2",
            "0.001667,    1667,   -6",
            "123456789.000000001, 123456789000000001, -9"})
    void of_keeps_the_exact_digits_without_trailing_zeros(BigDecimal value, long mantissa, int exponent) {
        Reading r = Reading.of("grid.energy", T0, value, "kWh", Quality.GOOD);

        assertThat(r.mantissa()).isEqualTo(mantissa);
        assertThat(r.exponent()).isEqualTo(exponent);
        assertThat(r.value()).isEqualByComparingTo(value);
    }

    @Test
    void value_and_double_value_are_mantissa_times_ten_to_the_exponent() {
        Reading r = new Reading("tap.volume", T0, 617, -3, "m3", Quality.GOOD);

        assertThat(r.value()).isEqualTo(new BigDecimal("0.617"));
        assertThat(r.doubleValue()).isEqualTo(0.617);
        assertThat(new Reading("x.power", T0, 12, 3, "W", Quality.GOOD).value()).isEqualByComparingTo("12000");
    }

    @Test
    void a_value_with_more_digits_than_a_long_holds_is_refused() {
        assertThatThrownBy(() -> Reading.of("grid.energy", T0, new BigDecimal("12345678901234567890.5"), "kWh",
                Quality.GOOD)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void every_field_but_the_numbers_is_required() {
        assertThatThrownBy(() -> new Reading(null, T0, 1, 0, "W", Quality.GOOD)).hasMessage("channel");
        assertThatThrownBy(() -> new Reading("a.power", null, 1, 0, "W", Quality.GOOD)).hasMessage("at");
        assertThatThrownBy(() -> new Reading("a.power", T0, 1, 0, null, Quality.GOOD)).hasMessage("unit");
        assertThatThrownBy(() -> new Reading("a.power", T0, 1, 0, "W", null)).hasMessage("quality");
    }

    @Test
    void stream_names_and_units_of_each_quantity() {
        assertThat(Quantity.ENERGY.stream("grid")).isEqualTo("grid.energy");
        assertThat(Quantity.POWER.stream("grid")).isEqualTo("grid.power");
        assertThat(Quantity.VOLUME.stream("tap")).isEqualTo("tap.volume");
        assertThat(Quantity.CURRENT.stream("mains")).isEqualTo("mains.current");
        assertThat(Quantity.APPARENT_POWER.stream("mains")).isEqualTo("mains.apparent-power");
        assertThat(Quantity.FLOW.stream("tap")).isEqualTo("tap.flow");
        assertThat(Quantity.VOLTAGE.stream("bat")).isEqualTo("bat.voltage");
        assertThat(Quantity.APPARENT_ENERGY.stream("mains")).isEqualTo("mains.apparent-energy");
        assertThat(Quantity.values()).extracting(Quantity::unit)
                .containsExactly("kWh", "W", "m3", "A", "VA", "L/min", "V", "kVAh", "dBm");
    }
}
