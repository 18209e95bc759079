package org.meternode.app.update;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** How a node JVM is started, shared by the launcher and the tools that start nodes. */
public final class NodeJvm {
    /** Class-path resource with the node's JVM flags, one per line: a java {@code @argfile} too. */
    public static final String FLAGS_RESOURCE = "META-INF/meternode/node-jvm.args";
    /**
     * JVM flags for a small node, the small-board profile (figures: {@code ./bench footprint}). Kept
     * in {@link #FLAGS_RESOURCE} so that {@code bin/meternode} and the installed launcher pass the same
     * file to {@code java} as an argument file.
     */
    public static final List<String> FLAGS = readFlags();
    /**
     * Environment of the node JVM: one glibc malloc arena per thread (the default) keeps C heap that
     * a sleeping node never reuses; two arenas are enough for its few threads.
     */
    public static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");
    /** The node's main class: the contract between any image and the launcher. */
    public static final String MAIN_CLASS = "org.meternode.app.cli.MeternodeCommand";
    /** Exit code by which a node asks to be started again (after an update was installed). */
    public static final int EXIT_RESTART = 75;
    /** System property the launcher sets to the image it started: factory, a or b. */
    public static final String SLOT_PROPERTY = "meternode.slot";

    private NodeJvm() {
    }

    private static List<String> readFlags() {
        try (InputStream in = NodeJvm.class.getClassLoader().getResourceAsStream(FLAGS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(FLAGS_RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + FLAGS_RESOURCE, e);
        }
    }

    /**
     * Flags that make the JVM keep an AppCDS archive of the node's classes in {@code dir}: the first
     * start of an image writes it when the node stops, later starts map it (faster start, class data
     * read from a clean file mapping). A changed class path makes the JVM write a new one.
     */
    public static List<String> archiveFlags(Path dir, String image) {
        // -Xlog:cds=off: JDK 25 logs an error at every start because the JDK's own base archive was
        // dumped without --enable-native-access; it then only skips the archived module graph (a few ms),
        // the node's classes still come from the archive.
        return List.of("-XX:SharedArchiveFile=" + dir.resolve("node-" + image + ".jsa"), "-XX:+AutoCreateSharedArchive",
                "-Xlog:cds=off");
    }

    /** The java launcher of this JVM, so children run on the same (>= 21) JDK. */
    public static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
