package org.meternode.app.update;

import java.nio.file.Path;
import java.util.List;

/** How a node JVM is started, shared by the launcher and the tools that start nodes. */
public final class NodeJvm {
    /** JVM flags for a small node (measured: ~84 MB RSS for the sim node, vs ~97 MB with -Xmx48m). */
    public static final List<String> FLAGS = List.of("-Xms4m", "-Xmx24m", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:ReservedCodeCacheSize=16m", "-XX:MaxMetaspaceSize=64m", "--enable-native-access=ALL-UNNAMED");
    /** The node's main class: the contract between any image and the launcher. */
    public static final String MAIN_CLASS = "org.meternode.app.cli.MeternodeCommand";
    /** Exit code by which a node asks to be started again (after an update was installed). */
    public static final int EXIT_RESTART = 75;
    /** System property the launcher sets to the image it started: factory, a or b. */
    public static final String SLOT_PROPERTY = "meternode.slot";

    private NodeJvm() {
    }

    /** The java launcher of this JVM, so children run on the same (>= 21) JDK. */
    public static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
