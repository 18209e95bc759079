package org.meternode.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.meternode.app.config.ConfigTexts.MINIMAL;
import static org.meternode.app.config.ConfigTexts.minimalWith;
import static org.meternode.app.config.ConfigTexts.problem;
import static org.meternode.app.config.ConfigTexts.problems;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each broken config reports the exact line and key path; see {@link ConfigTexts#MINIMAL} for line numbers. */
class ConfigErrorsTest {
    private static final String FIRST_CHANNEL = """
              - id: grid
                type: pulse
                input: GPIO17
                pulses-per-kwh: 1000
            """;

    @Test
    void malformed_yaml_is_one_problem_at_the_parsers_position() {
        ConfigProblem p = problem(minimalWith("board: sim", "board: sim: x"));

        assertThat(p).isEqualTo(new ConfigProblem("meternode.yaml", 3, 11, "",
                "not valid YAML: mapping values are not allowed here"));
        assertThat(p.toString()).isEqualTo("meternode.yaml:3:11: not valid YAML: mapping values are not allowed here");
    }

    @Test
    void malformed_flow_list_names_the_line() {
        ConfigProblem p = problem(minimalWith("  interval: 15m", "  interval: [15m"));

        assertThat(p.line()).isEqualTo(6);
        assertThat(p.key()).isEmpty();
        assertThat(p.message()).startsWith("not valid YAML:").contains("flow sequence at line 5");
    }

    @Test
    void unknown_key_gets_a_did_you_mean_hint() {
        ConfigProblem p = problem(minimalWith("  interval: 15m", "  interval: 15m\n  algin: true"));

        assertThat(p).isEqualTo(new ConfigProblem("meternode.yaml", 6, 3, "sampling.algin",
                "unknown key; did you mean 'align'?"));
    }

    @Test
    void unknown_key_far_from_any_lists_the_known_ones() {
        ConfigProblem p = problem(minimalWith("  interval: 15m", "  interval: 15m\n  colour: red"));

        assertThat(p.key()).isEqualTo("sampling.colour");
        assertThat(p.message()).isEqualTo("unknown key; known keys here: interval, align");
    }

    @Test
    void key_in_the_wrong_section_names_where_it_belongs() {
        ConfigProblem p = problem(minimalWith("board: sim", "board: sim\ninterval: 15m"));

        assertThat(p.line()).isEqualTo(4);
        assertThat(p.key()).isEqualTo("interval");
        assertThat(p.message()).isEqualTo("unknown key; did you mean sampling.interval?");
    }

    @Test
    void an_input_name_the_board_would_quote_at_length_is_refused_at_load() {
        ConfigProblem p = problem(minimalWith("input: GPIO17", "input: " + "x".repeat(65)));

        assertThat(p.toString()).isEqualTo("meternode.yaml:9:12: channels[0].input: must match \\S{1,64} (was '"
                + "x".repeat(57) + "...')");
    }

    @Test
    void negative_interval() {
        ConfigProblem p = problem(minimalWith("interval: 15m", "interval: -5m"));

        assertThat(p).isEqualTo(new ConfigProblem("meternode.yaml", 5, 13, "sampling.interval",
                "must not be negative (was '-5m')"));
    }

    @Test
    void zero_interval() {
        ConfigProblem p = problem(minimalWith("interval: 15m", "interval: 0m"));

        assertThat(p.line()).isEqualTo(5);
        assertThat(p.key()).isEqualTo("sampling.interval");
        assertThat(p.message()).isEqualTo("must be more than 0 (was '0m')");
    }

    @Test
    void bare_number_duration_asks_for_a_unit() {
        ConfigProblem p = problem(minimalWith("interval: 15m", "interval: 15"));

        assertThat(p.line()).isEqualTo(5);
        assertThat(p.key()).isEqualTo("sampling.interval");
        assertThat(p.message()).startsWith("no unit: write a unit, e.g. 15m").endsWith("(was '15')");
    }

    @Test
    void duration_above_its_bound() {
        ConfigProblem p = problem(minimalWith("interval: 15m", "interval: 2d"));

        assertThat(p.message()).isEqualTo("must be at most 1d (was '2d')");
    }

    @Test
    void aligned_interval_must_divide_a_day() {
        ConfigProblem p = problem(minimalWith("interval: 15m", "interval: 7m"));

        assertThat(p.line()).isEqualTo(5);
        assertThat(p.key()).isEqualTo("sampling.interval");
        assertThat(p.message()).isEqualTo(
                "must divide 1d exactly when sampling.align is true (was 7m); e.g. 6m or 10m, or set align: false");
    }

    @Test
    void duplicate_channel_id() {
        ConfigProblem p = problem(minimalWith(FIRST_CHANNEL, FIRST_CHANNEL + """
                  - id: grid
                    type: pulse
                    input: GPIO27
                    litres-per-pulse: 1
                """));

        assertThat(p).isEqualTo(new ConfigProblem("meternode.yaml", 11, 9, "channels[1].id",
                "duplicate id 'grid' (also channels[0] at line 7)"));
    }

    @Test
    void duplicate_input() {
        ConfigProblem p = problem(minimalWith(FIRST_CHANNEL, FIRST_CHANNEL + """
                  - id: water
                    type: pulse
                    input: GPIO17
                    litres-per-pulse: 1
                """));

        assertThat(p.line()).isEqualTo(13);
        assertThat(p.key()).isEqualTo("channels[1].input");
        assertThat(p.message()).isEqualTo("duplicate input 'GPIO17' (also channels[0] at line 9)");
    }

    @Test
    void both_pulse_factors() {
        ConfigProblem p = problem(minimalWith("pulses-per-kwh: 1000\n", "pulses-per-kwh: 1000\n    litres-per-pulse: 1\n"));

        assertThat(p.line()).isEqualTo(11);
        assertThat(p.key()).isEqualTo("channels[0].litres-per-pulse");
        assertThat(p.message()).contains("not both");
    }

    @Test
    void neither_pulse_factor() {
        ConfigProblem p = problem(minimalWith("    pulses-per-kwh: 1000\n", ""));

        assertThat(p.line()).isEqualTo(7);
        assertThat(p.key()).isEqualTo("channels[0]");
        assertThat(p.message()).isEqualTo(
                "a pulse channel needs pulses-per-kwh (electricity) or litres-per-pulse (water)");
    }

    @Test
    void negative_pulses_per_kwh_names_the_channel_index() {
        ConfigProblem p = problem(minimalWith("pulses-per-kwh: 1000", "pulses-per-kwh: -5"));

        assertThat(p.toString()).isEqualTo("meternode.yaml:10:21: channels[0].pulses-per-kwh: must be between 0.01 and 1000000 (was -5)");
    }

    @Test
    void bad_ratio_string() {
        ConfigProblem p = problem(minimalWith(FIRST_CHANNEL, """
                  - id: mains
                    type: ct-clamp
                    input: A0
                    ratio: "100A/50mA"
                    burden-ohm: 22
                """));

        assertThat(p.line()).isEqualTo(10);
        assertThat(p.key()).isEqualTo("channels[0].ratio");
        assertThat(p.message()).isEqualTo(
                "must be primary:secondary current with units A or mA, e.g. \"100A:50mA\" (was '100A/50mA')");
    }

    @Test
    void ct_clamp_bounds_are_checked() {
        List<ConfigProblem> problems = problems(minimalWith(FIRST_CHANNEL, """
                  - id: mains
                    type: ct-clamp
                    input: A0
                    ratio: 100A:50mA
                    burden-ohm: 0
                    mains-hz: 55
                    cycles: 501
                    calibration: 2.5
                """));

        assertThat(problems).extracting(ConfigProblem::line, ConfigProblem::key).containsExactly(
                tuple(11, "channels[0].burden-ohm"),
                tuple(12, "channels[0].mains-hz"),
                tuple(13, "channels[0].cycles"),
                tuple(14, "channels[0].calibration"));
        assertThat(problems).extracting(ConfigProblem::message).containsExactly(
                "must be > 0 (was 0)", "must be 50 or 60 (was 55)", "must be between 1 and 500 (was 501)",
                "must be between 0.5 and 2.0 (was 2.5)");
    }

    @Test
    void key_of_another_channel_type_says_so() {
        ConfigProblem p = problem(minimalWith("pulses-per-kwh: 1000", "pulses-per-kwh: 1000\n    ratio: 100A:50mA"));

        assertThat(p.key()).isEqualTo("channels[0].ratio");
        assertThat(p.message()).isEqualTo("unknown key; ratio is for ct-clamp channels and this one is pulse");
    }

    @Test
    void unknown_channel_type_gets_a_hint() {
        ConfigProblem p = problem(minimalWith("type: pulse", "type: pulsee"));

        assertThat(p.line()).isEqualTo(8);
        assertThat(p.key()).isEqualTo("channels[0].type");
        assertThat(p.message()).isEqualTo("must be one of " + String.join(", ", org.meternode.app.channel.ChannelTypes.names())
                + " (was 'pulsee'); did you mean 'pulse'?");
    }

    @Test
    void coap_without_insecure() {
        ConfigProblem p = problem(minimalWith("coaps://", "coap://"));

        assertThat(p.line()).isEqualTo(12);
        assertThat(p.key()).isEqualTo("server.uri");
        assertThat(p.message()).startsWith("coap:// sends readings unencrypted");
    }

    @Test
    void other_uri_scheme() {
        ConfigProblem p = problem(minimalWith("coaps://", "https://"));

        assertThat(p.key()).isEqualTo("server.uri");
        assertThat(p.message()).isEqualTo("must start with coaps:// (was 'https://127.0.0.1:5684')");
    }

    @Test
    void missing_endpoint() {
        ConfigProblem p = problem(minimalWith("  endpoint: meter-1\n", ""));

        assertThat(p).isEqualTo(new ConfigProblem("meternode.yaml", 1, 1, "node.endpoint",
                "required key is missing (e.g. endpoint: meter-0042)"));
    }

    @Test
    void endpoint_with_bad_characters() {
        ConfigProblem p = problem(minimalWith("endpoint: meter-1", "endpoint: meter 1/a"));

        assertThat(p.key()).isEqualTo("node.endpoint");
        assertThat(p.message()).isEqualTo("must match [A-Za-z0-9._-]{1,64} (was 'meter 1/a')");
    }

    @Test
    void missing_section() {
        ConfigProblem p = problem(minimalWith("storage:\n  path: /var/lib/meternode\n", ""));

        assertThat(p.key()).isEqualTo("storage");
        assertThat(p.message()).isEqualTo("required section is missing");
    }

    @Test
    void missing_key_file_and_key_hex() {
        ConfigProblem p = problem(minimalWith("    key-hex: 00112233\n", ""));

        assertThat(p.line()).isEqualTo(13);
        assertThat(p.key()).isEqualTo("server.security");
        assertThat(p.message()).startsWith("needs the PSK: key-file");
    }

    @Test
    void both_key_file_and_key_hex() {
        ConfigProblem p = problem(minimalWith("    key-hex: 00112233\n", "    key-hex: 00112233\n    key-file: psk.key\n"));

        assertThat(p.line()).isEqualTo(16);
        assertThat(p.key()).isEqualTo("server.security.key-file");
        assertThat(p.message()).isEqualTo("give either key-file or key-hex, not both");
    }

    @Test
    void rpk_mode_names_the_keys_it_needs_and_the_psk_keys_it_does_not_use() {
        List<ConfigProblem> ps = problems(minimalWith("    identity: meter-1", "    mode: rpk\n    identity: meter-1"));

        assertThat(ps).extracting(ConfigProblem::line, ConfigProblem::key, ConfigProblem::message).containsExactly(
                tuple(13, "server.security.private-key-file", "required key is missing with mode rpk"
                        + " (e.g. private-key-file: /etc/meternode/node.key)"),
                tuple(13, "server.security.server-public-key-file", "required key is missing with mode rpk"
                        + " (e.g. server-public-key-file: /etc/meternode/server.pub)"),
                tuple(15, "server.security.identity", "is for mode psk and this server uses mode rpk"),
                tuple(16, "server.security.key-hex", "is for mode psk and this server uses mode rpk"));
    }

    @Test
    void unknown_security_mode_lists_the_three() {
        ConfigProblem p = problem(minimalWith("    identity: meter-1", "    mode: tls\n    identity: meter-1"));

        assertThat(p.line()).isEqualTo(14);
        assertThat(p.key()).isEqualTo("server.security.mode");
        assertThat(p.message()).isEqualTo("must be one of psk, rpk, x509 (was 'tls')");
    }

    @Test
    void spread_absent_is_a_tenth_of_the_interval_and_zero_turns_it_off() throws Exception {
        assertThat(ConfigTexts.parse(MINIMAL).config().uplink().spread()).isEqualTo(java.time.Duration.ofSeconds(90));
        assertThat(ConfigTexts.parse(minimalWith("interval: 15m", "interval: 1h")).config().uplink().spread())
                .isEqualTo(java.time.Duration.ofMinutes(6));
        assertThat(ConfigTexts.parse(MINIMAL + "uplink:\n  spread: 0s\n").config().uplink().spread()).isZero();
        assertThat(ConfigTexts.parse(MINIMAL + "uplink:\n  spread: 14m\n").config().uplink().spread())
                .isEqualTo(java.time.Duration.ofMinutes(14));
    }

    @Test
    void spread_not_shorter_than_the_interval_names_both() {
        ConfigProblem p = problem(MINIMAL + "uplink:\n  spread: 15m\n");

        assertThat(p.line()).isEqualTo(19);
        assertThat(p.key()).isEqualTo("uplink.spread");
        assertThat(p.message()).isEqualTo("must be shorter than sampling.interval (15m), was 15m");
    }

    @Test
    void spread_that_is_not_a_duration_is_refused_at_its_key() {
        ConfigProblem p = problem(MINIMAL + "uplink:\n  spread: -5s\n");

        assertThat(p.key()).isEqualTo("uplink.spread");
        assertThat(p.message()).isEqualTo("must not be negative (was '-5s')");
    }

    @Test
    void retry_max_below_retry_min_names_both() {
        ConfigProblem p = problem(MINIMAL + "uplink:\n  retry-min: 10s\n  retry-max: 5s\n");

        assertThat(p.line()).isEqualTo(20);
        assertThat(p.key()).isEqualTo("uplink.retry-max");
        assertThat(p.message()).isEqualTo("must be at least uplink.retry-min (10s), was 5s");
    }

    @Test
    void wrong_types_name_the_expected_type() {
        String yaml = minimalWith("  interval: 15m", "  interval: 15m\n  align: yes")
                .replace("pulses-per-kwh: 1000", "pulses-per-kwh: \"1000\"")
                + "uplink:\n  batch-size: lots\n  send-timeout: [10s]\n";

        assertThat(problems(yaml)).extracting(ConfigProblem::key, ConfigProblem::message).containsExactly(
                tuple("sampling.align", "expected true or false, got text 'yes'"),
                tuple("channels[0].pulses-per-kwh", "expected a number, got text '1000'"),
                tuple("uplink.batch-size", "expected a whole number, got text 'lots'"),
                tuple("uplink.send-timeout", "expected a duration like 15m, got a list"));
    }

    @Test
    void list_where_a_map_belongs() {
        ConfigProblem p = problem(minimalWith("sampling:\n  interval: 15m", "sampling: [15m]"));

        assertThat(p.line()).isEqualTo(4);
        assertThat(p.key()).isEqualTo("sampling");
        assertThat(p.message()).isEqualTo("expected a map of interval, align, got a list");
    }

    @Test
    void map_where_the_channel_list_belongs() {
        ConfigProblem p = problem(minimalWith(FIRST_CHANNEL, "  id: grid\n"));

        assertThat(p.line()).isEqualTo(7);
        assertThat(p.key()).isEqualTo("channels");
        assertThat(p.message()).isEqualTo("expected a list of channels, got a map");
    }

    @Test
    void duplicate_yaml_key() {
        ConfigProblem p = problem(minimalWith("board: sim", "board: sim\nboard: pi"));

        assertThat(p.line()).isEqualTo(4);
        assertThat(p.key()).isEqualTo("board");
        assertThat(p.message()).isEqualTo("duplicate key (first at line 3)");
    }

    @Test
    void empty_file() {
        ConfigProblem p = problem("# nothing here\n");

        assertThat(p.message()).startsWith("the file is empty");
    }

    @Test
    void several_problems_are_all_reported_in_file_order() {
        String yaml = """
                node:
                  endpont: meter-1
                board: Sim
                sampling:
                  interval: 15
                channels:
                  - id: grid
                    type: pulse
                    input: GPIO17
                    pulses-per-kwh: -5
                  - id: grid
                    type: pulse
                    input: GPIO17
                server:
                  uri: coap://127.0.0.1
                  security:
                    identity: meter-1
                storage:
                  path: /var/lib/meternode
                """;

        List<ConfigProblem> problems = problems(yaml);

        assertThat(problems).extracting(ConfigProblem::line, ConfigProblem::key).containsExactly(
                tuple(1, "node.endpoint"),
                tuple(2, "node.endpont"),
                tuple(3, "board"),
                tuple(5, "sampling.interval"),
                tuple(10, "channels[0].pulses-per-kwh"),
                tuple(11, "channels[1]"),
                tuple(11, "channels[1].id"),
                tuple(13, "channels[1].input"),
                tuple(15, "server.uri"),
                tuple(16, "server.security"));
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigTexts.parse(yaml));
        assertThat(e.getMessage().lines()).hasSize(problems.size())
                .first().isEqualTo("meternode.yaml:1:1: node.endpoint: required key is missing (e.g. endpoint: meter-0042)");
    }
}
