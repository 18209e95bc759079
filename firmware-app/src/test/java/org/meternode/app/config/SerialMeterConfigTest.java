package org.meternode.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meternode.app.config.ConfigTexts.parse;
import static org.meternode.app.config.ConfigTexts.withChannels;
import static org.meternode.app.config.ConfigTexts.problem;
import static org.meternode.app.config.ConfigTexts.problems;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.ReadingStream;
import org.meternode.hal.serial.SerialSettings;
import org.meternode.hal.serial.SerialSettings.Parity;

/** The sml, iec62056 and mbus channel types: keys, defaults, and errors naming line and key. */
class SerialMeterConfigTest {
    @Test
    void reads_an_sml_channel_with_the_ehz_defaults() throws Exception {
        NodeConfig c = parse(withChannels("""
                  - id: ehz
                    type: sml
                    port: /dev/ttyUSB0
                    readings:
                      - { obis: 1-0:1.8.0, quantity: energy }
                      - { obis: 1-0:16.7.0, quantity: power }
                """)).config();

        assertThat(c.channels()).containsExactly(new SmlChannelConfig("ehz", "/dev/ttyUSB0",
                new SerialSettings(9600, 8, Parity.NONE, 1), List.of(new ObisReading("1-0:1.8.0", Quantity.ENERGY),
                new ObisReading("1-0:16.7.0", Quantity.POWER))));
    }

    @Test
    void baud_and_framing_override_the_defaults() throws Exception {
        NodeConfig c = parse(withChannels("""
                  - id: ehz
                    type: sml
                    port: /dev/ttyUSB0
                    baud: 2400
                    framing: 7E1
                    readings: [ { obis: 1-0:1.8.0, quantity: energy } ]
                """)).config();

        assertThat(((SerialMeterConfig) c.channels().get(0)).serial()).isEqualTo(new SerialSettings(2400, 7, Parity.EVEN, 1));
    }

    @Test
    void reads_an_iec62056_mode_c_channel_with_a_device_address() throws Exception {
        NodeConfig c = parse(withChannels("""
                  - id: d0
                    type: iec62056
                    port: /dev/ttyUSB1
                    device-address: "00012345"
                    readings: [ { obis: 1-0:1.8.0, quantity: energy } ]
                """)).config();

        assertThat(c.channels()).containsExactly(new Iec62056ChannelConfig("d0", "/dev/ttyUSB1",
                Iec62056ChannelConfig.Mode.C, "00012345", SerialSettings.IEC_62056_21_START,
                List.of(new ObisReading("1-0:1.8.0", Quantity.ENERGY))));
    }

    @Test
    void an_iec62056_push_meter_defaults_to_9600_7e1_and_refuses_a_device_address() {
        ConfigProblem p = problem(withChannels("""
                  - id: d0
                    type: iec62056
                    port: /dev/ttyUSB1
                    mode: push
                    device-address: "00012345"
                    readings: [ { obis: 1-0:1.8.0, quantity: energy } ]
                """));

        assertThat(p.key()).isEqualTo("channels[0].device-address");
        assertThat(p.line()).isEqualTo(11);
        assertThat(p.message()).contains("push meter is not asked");
    }

    @Test
    void reads_an_mbus_channel_by_primary_address_with_record_and_description_readings() throws Exception {
        NodeConfig c = parse(withChannels("""
                  - id: water
                    type: mbus
                    port: /dev/ttyUSB2
                    address: 5
                    readings:
                      - { record: 0, quantity: volume }
                      - { description: VOLUME, storage: 1, quantity: volume, name: due-date }
                """)).config();

        assertThat(c.channels()).containsExactly(new MbusChannelConfig("water", "/dev/ttyUSB2", OptionalInt.of(5), null,
                SerialSettings.MBUS, List.of(
                MbusChannelConfig.Reading.ofRecord(0, ReadingStream.of(Quantity.VOLUME)),
                new MbusChannelConfig.Reading(OptionalInt.empty(), "VOLUME", 0, 1,
                        new ReadingStream("due-date", Quantity.VOLUME)))));
    }

    @Test
    void an_mbus_secondary_id_keeps_its_leading_zeros() throws Exception {
        NodeConfig c = parse(withChannels("""
                  - id: water
                    type: mbus
                    port: /dev/ttyUSB2
                    address: 00012345
                    readings: [ { record: 0, quantity: volume } ]
                """)).config();

        MbusChannelConfig mbus = (MbusChannelConfig) c.channels().get(0);
        assertThat(mbus.secondaryId()).isEqualTo("00012345");
        assertThat(mbus.primaryAddress()).isEmpty();
    }

    @Test
    void a_primary_address_above_250_names_key_and_line() {
        ConfigProblem p = problem(withChannels("""
                  - id: water
                    type: mbus
                    port: /dev/ttyUSB2
                    address: 253
                    readings: [ { record: 0, quantity: volume } ]
                """));

        assertThat(p.key()).isEqualTo("channels[0].address");
        assertThat(p.line()).isEqualTo(10);
        assertThat(p.message()).contains("above 250");
    }

    @Test
    void an_mbus_reading_needs_record_or_description() {
        ConfigProblem p = problem(withChannels("""
                  - id: water
                    type: mbus
                    port: /dev/ttyUSB2
                    address: 5
                    readings:
                      - { quantity: volume }
                """));

        assertThat(p.key()).isEqualTo("channels[0].readings[0]");
        assertThat(p.message()).contains("record:").contains("description:");
    }

    @Test
    void obis_in_an_mbus_reading_and_record_in_an_sml_reading_say_which_types_have_them() {
        List<ConfigProblem> ps = problems(withChannels("""
                  - id: water
                    type: mbus
                    port: /dev/ttyUSB2
                    address: 5
                    readings:
                      - { obis: 8-0:1.0.0, record: 0, quantity: volume }
                  - id: ehz
                    type: sml
                    port: /dev/ttyUSB0
                    readings:
                      - { record: 0, obis: 1-0:1.8.0, quantity: energy }
                """));

        assertThat(ps).extracting(ConfigProblem::key)
                .containsExactly("channels[0].readings[0].obis", "channels[1].readings[0].record");
        assertThat(ps.get(0).message()).contains("obis is for dsmr, sml, iec62056 channels and this one is mbus");
        assertThat(ps.get(1).line()).isEqualTo(17);
        assertThat(ps.get(1).message()).contains("record is for mbus, wmbus channels and this one is sml");
    }

    @Test
    void mbus_address_in_a_dsmr_channel_and_input_in_an_sml_channel_are_refused_with_a_hint() {
        List<ConfigProblem> ps = problems(withChannels("""
                  - id: p1
                    type: dsmr
                    port: /dev/ttyUSB0
                    address: 5
                    readings: [ { obis: 1-0:1.8.1, quantity: energy } ]
                  - id: ehz
                    type: sml
                    input: /dev/ttyUSB1
                    readings: [ { obis: 1-0:1.8.0, quantity: energy } ]
                """));

        assertThat(ps).extracting(ConfigProblem::key).contains("channels[0].address", "channels[1].input");
        assertThat(ps).extracting(ConfigProblem::message)
                .anyMatch(m -> m.contains("address is for mbus channels and this one is dsmr"))
                .anyMatch(m -> m.contains("names its serial device with port:"));
    }

    @Test
    void two_serial_channels_on_one_port_are_refused() {
        List<ConfigProblem> ps = problems(withChannels("""
                  - id: ehz
                    type: sml
                    port: /dev/ttyUSB0
                    readings: [ { obis: 1-0:1.8.0, quantity: energy } ]
                  - id: water
                    type: mbus
                    port: /dev/ttyUSB0
                    address: 5
                    readings: [ { record: 0, quantity: volume } ]
                """));

        assertThat(ps).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("channels[1].port");
            assertThat(p.message()).startsWith("duplicate port '/dev/ttyUSB0'");
        });
    }
}
