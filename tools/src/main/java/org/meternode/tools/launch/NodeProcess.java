package org.meternode.tools.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A meter node in a child JVM: the same JDK and class path as this process, a small heap, output
 * lines handed to a consumer. Used by the demo and by the power-cut tests (which kill it with
 * SIGKILL: {@link #kill()}).
 */
public final class NodeProcess implements AutoCloseable {
    /** The node's small-board JVM profile (figures: ./bench footprint). */
    public static final List<String> JVM_FLAGS = org.meternode.app.update.NodeJvm.FLAGS;

    private final Process process;
    private final Thread pump;

    private NodeProcess(Process process, Thread pump) {
        this.process = process;
        this.pump = pump;
    }

    /** Starts {@code meternode run --config CONFIG} and streams its output lines to {@code lines}. */
    public static NodeProcess start(Path config, List<String> extraJvmFlags, Consumer<String> lines)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        cmd.addAll(JVM_FLAGS);
        cmd.addAll(extraJvmFlags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.meternode.app.cli.MeternodeCommand");
        cmd.add("run");
        cmd.add("--config");
        cmd.add(config.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(org.meternode.app.update.NodeJvm.ENVIRONMENT);
        Process p = pb.start();
        Thread pump = Thread.ofPlatform().name("node-output-" + p.pid()).daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.accept(line);
                }
            } catch (IOException ignored) {
                // the process went away
            }
        });
        return new NodeProcess(p, pump);
    }

    /** The java launcher of the JVM running this code, so children use the same (>= 21) JDK. */
    public static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Power cut: SIGKILL, no shutdown hooks, no flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        pump.join(2_000);
    }

    /** Clean stop: SIGTERM, then wait; returns the exit code. */
    public int stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        pump.join(2_000);
        return process.exitValue();
    }

    /** Resident set size of the node JVM in KiB, from /proc (Linux), or -1. */
    public long rssKib() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    public int waitFor(Duration max) throws InterruptedException {
        if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("node process " + pid() + " did not exit within " + max);
        }
        pump.join(2_000);
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(10));
        }
    }
}
