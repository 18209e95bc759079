package org.meternode.app.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {
    @ParameterizedTest(name = "{0} {1} as {2} = {3}")
    @CsvSource({
            "1234567, Wh, ENERGY, 1234.567",
            "12.5, kWh, ENERGY, 12.5",
            "3600000, J, ENERGY, 1",
            "1.2, MWh, ENERGY, 1200",
            "1.25, kW, POWER, 1250",
            "3600, J/h, POWER, 1",
            "123456, l, VOLUME, 123.456",
            "12.3, m3, VOLUME, 12.3",
            "230.1, V, VOLTAGE, 230.1",
            "500, mA, CURRENT, 0.5"})
    void converts_the_meters_unit_to_meternodes(String value, String unit, Quantity quantity, String expected) {
        assertThat(Units.convert(new BigDecimal(value), unit, quantity))
                .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(expected));
    }

    @ParameterizedTest(name = "{1} is not {2}")
    @CsvSource({"1, V, ENERGY", "1, kWh, POWER", "1, Wh, VOLUME", "1, m3/h, VOLUME", "1, '', ENERGY", "1, °C, ENERGY",
            "1, kvarh, ENERGY"})
    void a_unit_of_another_quantity_is_no_conversion(String value, String unit, Quantity quantity) {
        assertThat(Units.convert(new BigDecimal(value), unit, quantity)).isEmpty();
    }
}
