package org.meternode.app.channel.wmbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.config.ConfigException;
import org.meternode.app.config.ConfigLoader;
import org.meternode.app.config.ConfigProblem;
import org.meternode.app.config.ConfigTexts;
import org.meternode.app.config.MbusChannelConfig;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.ReadingStream;
import org.meternode.hal.meter.wmbus.stick.WmbusMode;

class WmbusTypeTest {
    private static final String PULSE = """
              - id: grid
                type: pulse
                input: GPIO17
                pulses-per-kwh: 1000
            """;

    @TempDir
    Path dir;

    private static String withChannels(String channels) {
        return ConfigTexts.MINIMAL.replace(PULSE, channels);
    }

    private List<ConfigProblem> problems(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "meternode.yaml", dir))
                .getProblems();
    }

    private Path keyFile(String text, String mode) throws IOException {
        Path file = dir.resolve("wmbus.keys");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void reads_a_wmbus_channel_with_its_defaults() throws Exception {
        Path keys = keyFile("# water\n20240001 000102030405060708090a0b0c0d0e0f\n", "rw-------");
        var config = ConfigLoader.parse(withChannels("""
                  - id: water
                    type: wmbus
                    port: /dev/ttyUSB0
                    meter-id: "20240001"
                    key-file: wmbus.keys
                    readings: [ { description: VOLUME, quantity: volume } ]
                """), "meternode.yaml", dir).config();

        assertThat(config.channels()).containsExactly(new WmbusChannelConfig("water", "/dev/ttyUSB0", "im871a",
                WmbusMode.T1, "20240001", Optional.of(keys), Duration.ofHours(1), List.of(new MbusChannelConfig.Reading(
                        OptionalInt.empty(), "VOLUME", 0, 0, ReadingStream.of(Quantity.VOLUME)))));
    }

    @Test
    void two_meters_may_share_one_stick_but_another_type_may_not_use_its_port() {
        String two = """
                  - id: flat-1
                    type: wmbus
                    port: /dev/ttyUSB0
                    meter-id: "20240001"
                    readings: [ { record: 0, quantity: volume } ]
                  - id: flat-2
                    type: wmbus
                    port: /dev/ttyUSB0
                    meter-id: "20240002"
                    readings: [ { record: 0, quantity: volume } ]
                """;
        assertThat(catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(withChannels(two), "meternode.yaml", dir))).isNull();

        List<ConfigProblem> problems = problems(withChannels(two + """
                  - id: p1
                    type: dsmr
                    port: /dev/ttyUSB0
                    readings: [ { obis: 1-0:1.8.1, quantity: energy } ]
                """));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("channels[2].port");
            assertThat(p.message()).startsWith("duplicate port '/dev/ttyUSB0' (also channels[0] at line 9)");
        });
    }

    @Test
    void refuses_a_key_file_readable_by_others_a_bad_line_and_a_missing_meter() throws Exception {
        String channel = withChannels("""
                  - id: water
                    type: wmbus
                    port: /dev/ttyUSB0
                    meter-id: "20240001"
                    key-file: wmbus.keys
                    readings: [ { record: 0, quantity: volume } ]
                """);

        keyFile("20240001 000102030405060708090a0b0c0d0e0f\n", "rw-r--r--");
        assertThat(problems(channel)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("channels[0].key-file");
            assertThat(p.message()).contains("wmbus.keys").contains("0600");
        });

        keyFile("20240001 0001020304\n", "rw-------");
        assertThat(problems(channel)).singleElement().satisfies(p -> assertThat(p.message())
                .contains("line 1: expected '<8-digit meter id> <32 hex digits>'").doesNotContain("0001020304"));

        keyFile("20249999 000102030405060708090a0b0c0d0e0f\n", "rw-------");
        assertThat(problems(channel)).singleElement().satisfies(p -> assertThat(p.message())
                .contains("has no key for meter 20240001 (1 meter(s) in it)"));
    }

    @Test
    void names_the_wrong_keys() {
        assertThat(problems(withChannels("""
                  - id: water
                    type: wmbus
                    port: /dev/ttyUSB0
                    meter-id: "2024"
                    radio-mode: t2
                    stick: cul
                    readings: [ { record: 0, quantity: volume } ]
                """))).extracting(ConfigProblem::key).containsExactlyInAnyOrder("channels[0].meter-id",
                "channels[0].radio-mode", "channels[0].stick");
        assertThat(problems(withChannels("""
                  - id: water
                    type: wmbus
                    port: /dev/ttyUSB0
                    meter-id: "20240001"
                    readings: [ { record: 0, quantity: volume, name: rssi } ]
                """))).singleElement().satisfies(p -> assertThat(p.message()).contains("clash with the channel's own rssi"));
    }
}
