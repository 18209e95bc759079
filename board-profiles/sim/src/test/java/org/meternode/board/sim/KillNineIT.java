package org.meternode.board.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.BoardOptions;

/** A node process killed with SIGKILL leaves a timeline that the next process continues. */
class KillNineIT {
    @TempDir
    Path stateDir;

    @Test
    void the_timeline_survives_kill_9() throws Exception {
        // The forked test JVM runs on the toolchain JDK; the child must use the same one.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), ChildNode.class.getName(), stateDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Instant seenByChild;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("the child's virtual now").isNotNull();
            seenByChild = Instant.parse(line.trim());
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close()
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        String stored = Files.readString(stateDir.resolve("sim-clock.properties"));

        try (SimBoard board = new SimBoardProvider().open(BoardOptions.of(Map.of("speed", 3600), stateDir))) {
            assertThat(board.clock().instant()).isAfter(seenByChild);
            assertThat(stored).contains("epoch=" + board.clock().epoch());
        }
        assertThat(Files.readString(stateDir.resolve("sim-clock.properties"))).isEqualTo(stored);
    }
}
