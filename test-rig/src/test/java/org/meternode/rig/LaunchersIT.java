package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers a user types in a checkout, {@code bin/meternode} and {@code bin/meterctl}, run the
 * built jars on a JDK >= 21 (the default {@code java} here is older), and the node launcher passes
 * the node's production JVM flags.
 */
class LaunchersIT {
    private static final Path BIN = UpdateRig.REPO.resolve("bin");

    @TempDir
    Path dir;

    record Run(int exit, String out) {
    }

    private static Run run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", List.of(cmd)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void meternode_checks_a_config_and_names_the_problem_in_a_bad_one() throws Exception {
        Run defaults = run(BIN.resolve("meternode").toString(), "check-config", "--print-defaults");
        assertThat(defaults.exit()).as(defaults.out()).isZero();
        assertThat(defaults.out()).contains("sampling:").contains("interval:");

        Path bad = dir.resolve("meternode.yaml");
        Files.writeString(bad, """
                node: { endpoint: meter-1 }
                board: sim
                sampling: { interval: -5m }
                channels: []
                server: { uri: "coap://127.0.0.1:5683", insecure: true }
                """);
        Run refused = run(BIN.resolve("meternode").toString(), "check-config", bad.toString());
        assertThat(refused.exit()).as(refused.out()).isEqualTo(2);
        assertThat(refused.out()).contains("meternode.yaml:3").contains("sampling.interval");
    }

    @Test
    void meternode_runs_the_jvm_with_the_node_flags() throws Exception {
        // -XX:+PrintCommandLineFlags prints the flags in effect before main runs.
        List<String> cmd = new ArrayList<>(List.of("env", "METERNODE_JAVA_OPTS=-XX:+PrintCommandLineFlags",
                BIN.resolve("meternode").toString(), "--help"));
        Run help = run(cmd.toArray(String[]::new));
        assertThat(help.exit()).as(help.out()).isZero();
        assertThat(help.out()).contains("-XX:MaxHeapSize=25165824").contains("-XX:+UseSerialGC")
                .contains("-XX:TieredStopAtLevel=1").contains("run").contains("check-config");
    }

    @Test
    void meterctl_answers_its_version_and_refuses_an_unknown_command() throws Exception {
        Run version = run(BIN.resolve("meterctl").toString(), "--version");
        assertThat(version.exit()).as(version.out()).isZero();
        assertThat(version.out()).contains("meterctl 0.1.0");

        Run unknown = run(BIN.resolve("meterctl").toString(), "no-such-command");
        assertThat(unknown.exit()).as(unknown.out()).isNotZero();
        assertThat(unknown.out()).contains("no-such-command");
    }
}
