package org.meternode.tools.headend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ENDPOINT:IDENTITY:HEXKEY} entries: parsed strictly, and the key never shown. */
class PskEntryTest {
    private static final String KEY = "000102030405060708090a0b0c0d0e0f";

    @Test
    void parses_endpoint_identity_and_key() {
        PskEntry e = PskEntry.parse("meter-1:meter-1-id:" + KEY);

        assertThat(e.endpoint()).isEqualTo("meter-1");
        assertThat(e.identity()).isEqualTo("meter-1-id");
        assertThat(e.key()).isEqualTo(HexFormat.of().parseHex(KEY));
    }

    @Test
    void key_may_be_upper_case_and_surrounded_by_spaces() {
        PskEntry e = PskEntry.parse("meter-1:id: " + KEY.toUpperCase() + " ");

        assertThat(e.key()).isEqualTo(HexFormat.of().parseHex(KEY));
    }

    @Test
    void to_string_shows_who_but_not_the_key() {
        PskEntry e = PskEntry.parse("meter-1:meter-1-id:" + KEY);

        assertThat(e.toString()).contains("meter-1", "meter-1-id", "16 bytes").doesNotContain(KEY)
                .doesNotContain(KEY.toUpperCase());
    }

    @Test
    void the_key_is_copied_in_and_out() {
        byte[] key = HexFormat.of().parseHex(KEY);
        PskEntry e = new PskEntry("meter-1", "id", key);
        key[0] = 42;
        e.key()[1] = 42;

        assertThat(e.key()).isEqualTo(HexFormat.of().parseHex(KEY));
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {
            "meter-1:" + KEY + "          | 2 part(s) for endpoint 'meter-1'",
            "meter-1::" + KEY + "         | endpoint 'meter-1'",
            "meter-1:id:                  | endpoint 'meter-1'",
            ":id:" + KEY + "              | ENDPOINT:IDENTITY:HEXKEY"})
    void missing_parts_name_the_endpoint_and_the_format(String spec, String expected) {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, () -> PskEntry.parse(spec));

        assertThat(e).hasMessageContaining("ENDPOINT:IDENTITY:HEXKEY").hasMessageContaining(expected);
        assertNoKeyIn(e);
    }

    @Test
    void a_key_of_spaces_only_is_missing() {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                () -> PskEntry.parse("meter-1:id:   "));

        assertThat(e).hasMessageContaining("ENDPOINT:IDENTITY:HEXKEY").hasMessageContaining("endpoint 'meter-1'");
    }

    @Test
    void a_lone_key_is_not_echoed_as_if_it_were_the_endpoint() {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, () -> PskEntry.parse(KEY));

        assertThat(e).hasMessageContaining("ENDPOINT:IDENTITY:HEXKEY").hasMessageContaining("1 part(s)");
        assertNoKeyIn(e);
    }

    @Test
    void bad_hex_names_the_endpoint_but_not_the_key() {
        String badKey = "00112233zz445566";

        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                () -> PskEntry.parse("meter-7:id:" + badKey));

        assertThat(e).hasMessage("PSK entry for endpoint 'meter-7': key is not valid hex");
        assertThat(e.getMessage()).doesNotContain(badKey);
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(badKey).doesNotContain("00112233");
        }
    }

    @Test
    void an_odd_number_of_hex_digits_is_bad_hex() {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                () -> PskEntry.parse("meter-7:id:" + KEY + "a"));

        assertThat(e).hasMessage("PSK entry for endpoint 'meter-7': key is not valid hex");
        assertNoKeyIn(e);
    }

    private static void assertNoKeyIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(KEY);
        }
    }
}
