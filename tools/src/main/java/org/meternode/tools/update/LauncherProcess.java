package org.meternode.tools.update;

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
import org.meternode.app.update.NodeJvm;

/**
 * {@code meternode launch} in a child JVM (the launcher, which starts the node JVM as its own
 * child), from this process's class path (the factory image), with output lines handed to a
 * consumer. {@link #powerCut()} SIGKILLs launcher and node together, as a power cut would.
 */
public final class LauncherProcess implements AutoCloseable {
    /** A small JVM for the launcher: it only waits on its child. */
    public static final List<String> JVM_FLAGS = List.of("-Xmx16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xss256k", "--enable-native-access=ALL-UNNAMED");

    private final Process process;
    private final Thread pump;

    private LauncherProcess(Process process, Thread pump) {
        this.process = process;
        this.pump = pump;
    }

    public static LauncherProcess start(Path config, Duration healthTimeout, Consumer<String> lines)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(NodeJvm.javaExecutable());
        cmd.addAll(JVM_FLAGS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.meternode.app.update.Launcher");
        cmd.add("--config");
        cmd.add(config.toString());
        cmd.add("--health-timeout");
        cmd.add(healthTimeout.toMillis() + "ms");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread pump = Thread.ofPlatform().name("launcher-output-" + p.pid()).daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.accept(line);
                }
            } catch (IOException ignored) {
                // the process went away
            }
        });
        return new LauncherProcess(p, pump);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Power cut: SIGKILL to the launcher and every process under it at the same moment. */
    public void powerCut() throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> h).join();
        }
        pump.join(2_000);
    }

    /** SIGTERM to the launcher (it stops the node cleanly); returns the exit code. */
    public int stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            powerCut();
        }
        pump.join(2_000);
        return process.isAlive() ? -1 : process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive() || process.descendants().findAny().isPresent()) {
            stop(Duration.ofSeconds(20));
        }
    }
}
