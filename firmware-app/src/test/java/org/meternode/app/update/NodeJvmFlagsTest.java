package org.meternode.app.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small-board profile is read with {@code -XX:+IgnoreUnrecognizedVMOptions} so that an older JDK
 * skips what it does not know; the build's JDK (25) must know every flag, or a typo would go unseen.
 */
class NodeJvmFlagsTest {
    @TempDir
    Path dir;

    @Test
    void the_builds_jdk_knows_every_flag_of_the_profile() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(NodeJvm.javaExecutable()));
        NodeJvm.FLAGS.stream().filter(f -> !f.equals("-XX:+IgnoreUnrecognizedVMOptions")).forEach(cmd::add);
        cmd.addAll(List.of("-XX:-IgnoreUnrecognizedVMOptions", "-XX:+PrintFlagsFinal", "-version"));
        Run run = run(cmd);
        String complaints = run.output().lines().filter(l -> !l.matches("\\s*\\w+ +\\w+ += .*") && !l.startsWith("[Global flags]")
                && !l.startsWith("openjdk") && !l.startsWith("OpenJDK")).toList().toString();
        assertThat(run.exit()).as(complaints).isZero();
        assertThat(complaints).as("lines other than flags and the version").isEqualTo("[]");
        assertThat(run.output()).containsPattern("UsePerfData\\s+= false").containsPattern("UseSerialGC\\s+= true")
                .containsPattern("AsyncDeflationInterval\\s+= 60000");
    }

    @Test
    void archive_flags_name_one_file_per_image_and_the_jvm_accepts_them() throws Exception {
        List<String> flags = NodeJvm.archiveFlags(dir, "a");
        assertThat(flags).containsExactly("-XX:SharedArchiveFile=" + dir.resolve("node-a.jsa"),
                "-XX:+AutoCreateSharedArchive", "-Xlog:cds=off");
        List<String> cmd = new ArrayList<>(List.of(NodeJvm.javaExecutable()));
        cmd.addAll(NodeJvm.FLAGS);
        cmd.addAll(flags);
        cmd.add("-version");
        Run run = run(cmd);
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(dir.resolve("node-a.jsa")).as("written when the JVM exits").isNotEmptyFile();
    }

    @Test
    void only_a_class_path_of_jars_gets_an_archive() throws Exception {
        java.nio.file.Path jar = java.nio.file.Files.writeString(dir.resolve("a.jar"), "PK");
        java.nio.file.Path classes = java.nio.file.Files.createDirectories(dir.resolve("classes"));
        assertThat(NodeJvm.archivable(jar.toString(), dir.resolve("jvm"))).isTrue();
        // A directory makes the JVM's dump at exit fail, and that turns the node's exit code into 1.
        assertThat(NodeJvm.archivable(jar + java.io.File.pathSeparator + classes, dir.resolve("jvm"))).isFalse();
        assertThat(NodeJvm.archivable(dir.resolve("missing.jar").toString(), dir.resolve("jvm"))).isFalse();
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }
}
