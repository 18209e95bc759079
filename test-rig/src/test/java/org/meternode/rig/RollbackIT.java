package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.update.SlotState;
import org.meternode.tools.update.UpdateProgress;

/**
 * Updates that install fine but do not run: a build missing its libraries (the node JVM dies at
 * start) and a build whose main class hangs (never registers). The launcher rolls each back to the
 * image that ran before; that image reports Update Result 8 and keeps reporting readings.
 */
class RollbackIT {
    private static final String EP = "meter-rollback";
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(8);

    @TempDir
    Path dir;

    @Test
    void images_that_crash_or_never_become_healthy_are_rolled_back_and_reported_as_failed() throws Exception {
        try (UpdateRig u = new UpdateRig(dir, EP, HEALTH_TIMEOUT)) {
            List<Path> jars = UpdateRig.nodeJars();
            // Only our own two jars: picocli, Leshan, SQLite are missing, the JVM fails at start.
            Path crashing = u.bundle("crashing.mnfw", "0.2.0", "sim", jars.subList(0, 2), jars);
            List<Path> hangingJars = new ArrayList<>();
            hangingJars.add(hangingMainJar(dir));
            hangingJars.addAll(jars);
            Path hanging = u.bundle("hanging.mnfw", "0.2.1", "sim", hangingJars, jars);

            u.startLauncher();
            u.awaitReadings(2, Duration.ofSeconds(60));

            long t0 = System.nanoTime();
            UpdateProgress crashed = u.updates.push(EP, crashing, Duration.ofSeconds(90));
            long crashRollbackMs = (System.nanoTime() - t0) / 1_000_000;
            assertRolledBack(u, crashed, "exited with code");
            SlotState afterCrash = u.slots();
            assertThat(afterCrash.active()).isEqualTo("factory");
            assertThat(afterCrash.outcome()).isEqualTo(SlotState.Outcome.ROLLED_BACK);
            u.awaitReadings(2, Duration.ofSeconds(30));

            t0 = System.nanoTime();
            UpdateProgress hung = u.updates.push(EP, hanging, Duration.ofSeconds(90));
            long hangRollbackMs = (System.nanoTime() - t0) / 1_000_000;
            assertRolledBack(u, hung, "did not confirm health within");
            u.awaitReadings(2, Duration.ofSeconds(30));
            u.launcher.stop(Duration.ofSeconds(30));
            u.assertNoGapNoDuplicate();
            System.out.printf("rollback: crashing image rolled back and reported (result 8) %d ms after Update;"
                            + " hanging image (health timeout %d s) in %d ms%n", crashRollbackMs,
                    HEALTH_TIMEOUT.toSeconds(), hangRollbackMs);
        }
    }

    private static void assertRolledBack(UpdateRig u, UpdateProgress p, String reason) throws Exception {
        assertThat(p.result()).as("Update Result after rollback: %s", p).isEqualTo(8);
        assertThat(p.idle()).isTrue();
        assertThat(p.firmwareVersion()).as("the old image runs again").isEqualTo("0.1.0");
        assertThat(u.output).anyMatch(l -> l.contains("rolling back") && l.contains(reason));
    }

    /** A jar whose MeternodeCommand (first on the class path, so it wins) never registers. */
    static Path hangingMainJar(Path dir) throws Exception {
        Path src = dir.resolve("hang-src/org/meternode/app/cli/MeternodeCommand.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                package org.meternode.app.cli;
                public final class MeternodeCommand {
                    public static void main(String[] args) throws Exception {
                        System.out.println("broken build: hanging instead of starting the node");
                        Thread.sleep(Long.MAX_VALUE);
                    }
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("hang-classes"));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "21", "-d",
                classes.toString(), src.toString());
        assertThat(rc).isZero();
        Path jar = dir.resolve("aaa-hang.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("org/meternode/app/cli/MeternodeCommand.class"));
            try (OutputStream o = new java.io.FilterOutputStream(out) {
                @Override
                public void close() {
                    // keep the jar stream open
                }
            }) {
                Files.copy(classes.resolve("org/meternode/app/cli/MeternodeCommand.class"), o);
            }
            out.closeEntry();
        }
        return jar;
    }
}
