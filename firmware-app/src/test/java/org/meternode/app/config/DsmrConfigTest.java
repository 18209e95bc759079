package org.meternode.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meternode.app.config.ConfigTexts.parse;
import static org.meternode.app.config.ConfigTexts.withChannels;
import static org.meternode.app.config.ConfigTexts.problem;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.ReadingStream;

class DsmrConfigTest {
    @Test
    void reads_a_dsmr_channel() throws Exception {
        NodeConfig c = parse(withChannels("""
                  - id: p1
                    type: dsmr
                    port: /dev/ttyUSB0
                    readings:
                      - { obis: 1-0:1.8.1, quantity: energy }
                      - { obis: 1-0:1.7.0, quantity: power }
                      - { obis: 0-1:24.2.1, quantity: volume }
                """)).config();

        assertThat(c.channels()).containsExactly(new DsmrChannelConfig("p1", "/dev/ttyUSB0", "5", List.of(
                new ObisReading("1-0:1.8.1", Quantity.ENERGY),
                new ObisReading("1-0:1.7.0", Quantity.POWER),
                new ObisReading("0-1:24.2.1", Quantity.VOLUME))));
    }

    @Test
    void max_age_is_read_per_push_channel_and_absent_means_measured() throws Exception {
        NodeConfig c = parse(withChannels("""
                  - id: p1
                    type: dsmr
                    port: /dev/ttyUSB0
                    max-age: 30s
                    readings: [ { obis: 1-0:1.8.1, quantity: energy } ]
                  - id: ehz
                    type: sml
                    port: /dev/ttyUSB1
                    readings: [ { obis: 1-0:1.8.0, quantity: energy } ]
                """)).config();

        assertThat(((DsmrChannelConfig) c.channels().get(0)).maxAge()).contains(java.time.Duration.ofSeconds(30));
        assertThat(((SmlChannelConfig) c.channels().get(1)).maxAge()).isEmpty();
    }

    @Test
    void max_age_out_of_bounds_and_on_a_mode_c_meter_are_refused_naming_the_key() {
        ConfigProblem tooShort = problem(withChannels("""
                  - id: p1
                    type: dsmr
                    port: /dev/ttyUSB0
                    max-age: 100ms
                    readings: [ { obis: 1-0:1.8.1, quantity: energy } ]
                """));
        ConfigProblem modeC = problem(withChannels("""
                  - id: d0
                    type: iec62056
                    port: /dev/ttyUSB0
                    max-age: 30s
                    readings: [ { obis: 1-0:1.8.0, quantity: energy } ]
                """));

        assertThat(tooShort.key()).isEqualTo("channels[0].max-age");
        assertThat(tooShort.message()).contains("1s");
        assertThat(modeC.key()).isEqualTo("channels[0].max-age");
        assertThat(modeC.message()).contains("mode: push");
    }

    @Test
    void version_2_2_is_accepted() throws Exception {
        NodeConfig c = parse(withChannels("""
                  - id: p1
                    type: dsmr
                    port: /dev/ttyUSB0
                    version: 2.2
                    readings: [ { obis: 1-0:1.8.1, quantity: energy } ]
                """)).config();

        assertThat(((DsmrChannelConfig) c.channels().get(0)).version()).isEqualTo("2.2");
    }

    @Test
    void a_bad_obis_code_names_key_and_line() {
        ConfigProblem p = problem(withChannels("""
                  - id: p1
                    type: dsmr
                    port: /dev/ttyUSB0
                    readings:
                      - obis: 1-0:1.8
                        quantity: energy
                """));

        assertThat(p.key()).isEqualTo("channels[0].readings[0].obis");
        assertThat(p.line()).isEqualTo(11);
        assertThat(p.message()).startsWith("must match");
    }

    @Test
    void an_unknown_quantity_names_key_and_line() {
        ConfigProblem p = problem(withChannels("""
                  - id: p1
                    type: dsmr
                    port: /dev/ttyUSB0
                    readings:
                      - obis: 1-0:1.8.1
                        quantity: energie
                """));

        assertThat(p.key()).isEqualTo("channels[0].readings[0].quantity");
        assertThat(p.line()).isEqualTo(12);
        assertThat(p.message()).contains("did you mean 'energy'");
    }

    @Test
    void two_tariffs_of_one_quantity_are_told_apart_by_name() throws Exception {
        NodeConfig config = parse(withChannels("""
                  - id: p1
                    type: dsmr
                    port: /dev/ttyUSB0
                    readings:
                      - { obis: 1-0:1.8.1, quantity: energy, name: import-t1 }
                      - { obis: 1-0:1.8.2, quantity: energy, name: import-t2 }
                      - { obis: 1-0:1.7.0, quantity: power }
                """)).config();

        DsmrChannelConfig p1 = (DsmrChannelConfig) config.channels().get(0);
        assertThat(p1.readings()).containsExactly(
                new ObisReading("1-0:1.8.1", new ReadingStream("import-t1", Quantity.ENERGY)),
                new ObisReading("1-0:1.8.2", new ReadingStream("import-t2", Quantity.ENERGY)),
                new ObisReading("1-0:1.7.0", Quantity.POWER));
    }

    @Test
    void a_shared_object_quantity_cannot_be_named() {
        ConfigProblem p = problem(withChannels("""
                  - id: p1
                    type: dsmr
                    port: /dev/ttyUSB0
                    readings:
                      - { obis: 1-0:1.8.1, quantity: energy }
                      - { obis: 0-1:24.2.1, quantity: volume, name: Gas }
                """));

        assertThat(p.key()).isEqualTo("channels[0].readings[1].name");
        assertThat(p.message()).contains("Gas");
    }

    @Test
    void two_readings_of_one_quantity_are_refused() {
        ConfigProblem p = problem(withChannels("""
                  - id: p1
                    type: dsmr
                    port: /dev/ttyUSB0
                    readings:
                      - { obis: 1-0:1.8.1, quantity: energy }
                      - { obis: 1-0:1.8.2, quantity: energy }
                """));

        assertThat(p.key()).isEqualTo("channels[0].readings[1].quantity");
        assertThat(p.line()).isEqualTo(12);
        assertThat(p.message()).startsWith("duplicate stream 'p1.energy'").contains("name:");
    }

    @Test
    void input_on_a_dsmr_channel_points_to_port() {
        ConfigProblem p = problem(withChannels("""
                  - id: p1
                    type: dsmr
                    input: /dev/ttyUSB0
                    port: /dev/ttyUSB0
                    readings: [ { obis: 1-0:1.8.1, quantity: energy } ]
                """));

        assertThat(p.key()).isEqualTo("channels[0].input");
        assertThat(p.message()).contains("port:");
    }

    @Test
    void missing_port_and_readings_are_reported() {
        List<ConfigProblem> ps = ConfigTexts.problems(withChannels("""
                  - id: p1
                    type: dsmr
                """));

        assertThat(ps).extracting(ConfigProblem::key)
                .containsExactlyInAnyOrder("channels[0].port", "channels[0].readings");
    }
}
