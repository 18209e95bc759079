package org.meternode.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.meternode.app.config.ConfigTexts.MINIMAL;
import static org.meternode.app.config.ConfigTexts.minimalWith;
import static org.meternode.app.config.ConfigTexts.parse;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.config.PulseChannelConfig.Medium;

class ConfigLoaderTest {
    private static final Path DIR = Path.of("/etc/meternode");

    @Test
    void full_file_gives_exact_records() throws Exception {
        LoadedConfig loaded = ConfigLoader.parse(Files.readString(validFull()), "meternode.yaml", DIR);
        NodeConfig actual = loaded.config();

        NodeConfig expected = new NodeConfig(
                "meter-0042",
                "sim",
                Map.of("speed", 60L,
                        "meters", Map.of(
                                "GPIO17", Map.of("type", "s0", "kw", 1.5),
                                "GPIO27", Map.of("type", "reed", "jitter", true)),
                        "seeds", List.of(1L, 2L, 3L)),
                actual.boardOptionLocator(),
                new SamplingConfig(Duration.ofMinutes(15), true),
                List.of(
                        new PulseChannelConfig("grid", "GPIO17", Duration.ofMillis(20), Medium.ELECTRICITY,
                                new BigDecimal("1000"), null),
                        new PulseChannelConfig("water", "GPIO27", Duration.ofMillis(10), Medium.WATER,
                                null, new BigDecimal("0.5")),
                        new CtClampChannelConfig("mains", "A0", 100.0, 0.05, 22.0, OptionalDouble.of(230.0),
                                60, 10, 1.05)),
                new ServerConfig(URI.create("coaps://127.0.0.1:5684"), false,
                        new SecurityConfig("psk", "meter-0042", DIR.resolve("keys/psk.key"), null),
                        Duration.ofHours(2), true, 7),
                new UplinkConfig(32, Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofMinutes(10),
                        Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(90)),
                DIR.resolve("state"),
                DIR.resolve("meternode.yaml"),
                actual.positions());

        assertThat(actual).isEqualTo(expected);
        assertThat(loaded.warnings().isEmpty()).isTrue();
    }

    @Test
    void minimal_file_takes_the_documented_defaults() throws Exception {
        NodeConfig config = parse(MINIMAL).config();

        assertThat(config.boardOptions()).isEmpty();
        assertThat(config.sampling()).isEqualTo(new SamplingConfig(Duration.ofMinutes(15), true));
        assertThat(config.channels()).containsExactly(new PulseChannelConfig("grid", "GPIO17",
                Duration.ofMillis(10), Medium.ELECTRICITY, new BigDecimal("1000"), null));
        assertThat(config.server()).isEqualTo(new ServerConfig(URI.create("coaps://127.0.0.1:5684"), false,
                new SecurityConfig("psk", "meter-1", null, "00112233"), Duration.ofDays(1), false, 1));
        assertThat(config.uplink()).isEqualTo(new UplinkConfig(64, Duration.ofSeconds(10), Duration.ofSeconds(2),
                Duration.ofMinutes(5), Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(90)));
        assertThat(config.storagePath()).isEqualTo(Path.of("/var/lib/meternode"));
    }

    @Test
    void ct_clamp_defaults_and_no_volts() throws Exception {
        String yaml = minimalWith("""
                  - id: grid
                    type: pulse
                    input: GPIO17
                    pulses-per-kwh: 1000
                """, """
                  - id: mains
                    type: ct-clamp
                    input: A0
                    ratio: "30A:10mA"
                    burden-ohm: 33.5
                """);

        assertThat(parse(yaml).config().channels()).containsExactly(
                new CtClampChannelConfig("mains", "A0", 30.0, 0.01, 33.5, OptionalDouble.empty(), 50, 20, 1.0));
    }

    @Test
    void load_resolves_relative_paths_against_the_file_and_reads_the_key_file(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("valid-full.yaml");
        Files.copy(validFull(), file);
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys/psk.key"), "00 11 22 33 44 55 66 77\n88 99 aa bb cc dd ee ff\n");
        Files.setPosixFilePermissions(dir.resolve("keys/psk.key"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        NodeConfig config = ConfigLoader.load(file).config();

        assertThat(config.source()).isEqualTo(file.toAbsolutePath());
        assertThat(config.storagePath()).isEqualTo(dir.resolve("state"));
        assertThat(config.server().security().keyFile()).isEqualTo(dir.resolve("keys/psk.key"));
        assertThat(config.server().security().pskKey()).containsExactly(
                0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff);
        assertThat(Files.exists(dir.resolve("state"))).as("storage is not created at load").isFalse();
    }

    @Test
    void board_option_locator_names_key_and_position() throws Exception {
        NodeConfig config = ConfigLoader.parse(Files.readString(validFull()), "meternode.yaml", DIR).config();

        assertThat(config.boardOptionLocator().apply("meters.GPIO17.type"))
                .isEqualTo("board-options.meters.GPIO17.type (meternode.yaml:9:7)");
        assertThat(config.boardOptionLocator().apply("seeds[1]"))
                .isEqualTo("board-options.seeds[1] (meternode.yaml:12:14)");
        assertThat(config.boardOptionLocator().apply("meters.GPIO17.gain"))
                .isEqualTo("board-options.meters.GPIO17.gain (under board-options.meters.GPIO17 at meternode.yaml:8:5)");
        assertThat(parse(MINIMAL).config().boardOptionLocator().apply("speed"))
                .isEqualTo("board-options.speed (not written in meternode.yaml)");
    }

    @Test
    void coap_with_insecure_is_allowed_with_a_warning() throws Exception {
        LoadedConfig loaded = parse(minimalWith("  uri: coaps://127.0.0.1:5684",
                "  uri: coap://127.0.0.1:5683\n  insecure: true"));

        assertThat(loaded.config().server().uri()).isEqualTo(URI.create("coap://127.0.0.1:5683"));
        assertThat(loaded.warnings().problems()).extracting(ConfigProblem::line, ConfigProblem::key, ConfigProblem::message)
                .containsExactly(
                        tuple(12, "server.uri",
                                "plain coap:// (insecure: true): readings and commands travel unencrypted and unauthenticated"),
                        tuple(14, "server.security", "is not used with coap://"));
    }

    @Test
    void insecure_coap_needs_no_security_section() throws Exception {
        String yaml = minimalWith("""
                  uri: coaps://127.0.0.1:5684
                  security:
                    identity: meter-1
                    key-hex: 00112233
                """, """
                  uri: coap://127.0.0.1
                  insecure: true
                """);

        assertThat(parse(yaml).config().server().security()).isNull();
    }

    @Test
    void lifetime_shorter_than_interval_is_a_warning() throws Exception {
        LoadedConfig loaded = parse(minimalWith("  uri: coaps://127.0.0.1:5684", "  uri: coaps://127.0.0.1:5684\n  lifetime: 10m"));

        assertThat(loaded.warnings().problems()).singleElement()
                .satisfies(w -> assertThat(w.key()).isEqualTo("server.lifetime"));
    }

    @Test
    void unaligned_interval_need_not_divide_a_day() throws Exception {
        String yaml = minimalWith("  interval: 15m", "  interval: 7m\n  align: false");

        assertThat(parse(yaml).config().sampling()).isEqualTo(new SamplingConfig(Duration.ofMinutes(7), false));
    }

    static Path validFull() throws URISyntaxException {
        return Path.of(ConfigLoaderTest.class.getResource("/config/valid-full.yaml").toURI());
    }
}
