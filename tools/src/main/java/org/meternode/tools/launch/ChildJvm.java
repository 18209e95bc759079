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
 * A child JVM on the same JDK and class path as this process, its output lines handed to a
 * consumer: a meter node ({@link NodeProcess}) or a head-end instance ({@link HeadEndProcess}).
 * {@link #kill()} is a power cut (SIGKILL), {@link #stop(Duration)} a clean stop (SIGTERM).
 */
public final class ChildJvm implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Thread pump;

    private ChildJvm(String name, Process process, Thread pump) {
        this.name = name;
        this.process = process;
        this.pump = pump;
    }

    /** Starts {@code mainClass args} in a child JVM with {@code jvmFlags} and {@code environment} added. */
    public static ChildJvm start(String name, List<String> jvmFlags, String mainClass, List<String> args,
            java.util.Map<String, String> environment, Consumer<String> lines) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(environment);
        Process p = pb.start();
        Thread pump = Thread.ofPlatform().name(name + "-output-" + p.pid()).daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.accept(line);
                }
            } catch (IOException ignored) {
                // the process went away
            }
        });
        return new ChildJvm(name, p, pump);
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

    /** Resident set size of the child JVM in KiB, from /proc (Linux), or -1. */
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
            throw new IllegalStateException(name + " process " + pid() + " did not exit within " + max);
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
