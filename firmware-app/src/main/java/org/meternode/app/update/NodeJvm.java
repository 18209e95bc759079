package org.meternode.app.update;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.meternode.app.state.DiskSpace;

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

    /** Free space below which no archive is written: it takes about 20 MiB, and readings come first. */
    static final long ARCHIVE_MIN_FREE_BYTES = 256L * 1024 * 1024;

    /**
     * Whether the node JVM may keep an archive for {@code classPath} in {@code dir}. The JVM writes it
     * when the node exits, and a failed write turns the node's exit code into 1 (a restart request, 75,
     * would be lost). It fails for a class path with directories (a development checkout) and on a
     * full disk; so only jars, and only with room to spare.
     */
    public static boolean archivable(String classPath, Path dir) {
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.isEmpty() || !entry.endsWith(".jar") || !java.nio.file.Files.isRegularFile(p)) {
                return false;
            }
        }
        try {
            java.nio.file.Files.createDirectories(dir);
            return DiskSpace.usableBytes(dir) >= ARCHIVE_MIN_FREE_BYTES;
        } catch (IOException e) {
            return false;
        }
    }

    /** The java launcher of this JVM, so children run on the same (>= 21) JDK. */
    public static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
