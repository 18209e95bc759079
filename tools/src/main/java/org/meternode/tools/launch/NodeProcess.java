package org.meternode.tools.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A meter node in a child JVM: the same JDK and class path as this process, the node's small-board
 * JVM profile, output lines handed to a consumer. Used by the demo and by the power-cut tests
 * (which kill it with SIGKILL: {@link #kill()}).
 */
public final class NodeProcess implements AutoCloseable {
    /** The node's small-board JVM profile (figures: ./bench footprint). */
    public static final List<String> JVM_FLAGS = org.meternode.app.update.NodeJvm.FLAGS;

    private final ChildJvm jvm;

    private NodeProcess(ChildJvm jvm) {
        this.jvm = jvm;
    }

    /** Starts {@code meternode run --config CONFIG} and streams its output lines to {@code lines}. */
    public static NodeProcess start(Path config, List<String> extraJvmFlags, Consumer<String> lines)
            throws IOException {
        List<String> flags = new ArrayList<>(JVM_FLAGS);
        flags.addAll(extraJvmFlags);
        return new NodeProcess(ChildJvm.start("node", flags, "org.meternode.app.cli.MeternodeCommand",
                List.of("run", "--config", config.toString()), org.meternode.app.update.NodeJvm.ENVIRONMENT, lines));
    }

    /** The java launcher of the JVM running this code, so children use the same (>= 21) JDK. */
    public static String javaExecutable() {
        return ChildJvm.javaExecutable();
    }

    public long pid() {
        return jvm.pid();
    }

    public boolean isAlive() {
        return jvm.isAlive();
    }

    /** Power cut: SIGKILL, no shutdown hooks, no flush. */
    public void kill() throws InterruptedException {
        jvm.kill();
    }

    /** Clean stop: SIGTERM, then wait; returns the exit code. */
    public int stop(Duration grace) throws InterruptedException {
        return jvm.stop(grace);
    }

    /** Resident set size of the node JVM in KiB, from /proc (Linux), or -1. */
    public long rssKib() {
        return jvm.rssKib();
    }

    public int waitFor(Duration max) throws InterruptedException {
        return jvm.waitFor(max);
    }

    @Override
    public void close() throws InterruptedException {
        jvm.close();
    }
}
