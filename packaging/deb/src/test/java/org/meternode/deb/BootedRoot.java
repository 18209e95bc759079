package org.meternode.deb;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Debian root booted with systemd in {@code systemd-nspawn} (sharing the host's network, so a
 * head-end on the host's loopback is reachable), and commands run inside it through {@code nsenter}.
 * nspawn needs {@code --register=no --keep-unit} where no machined runs and the unified cgroup
 * hierarchy where the host has it; the console goes to {@code boot.log} beside the root.
 */
final class BootedRoot implements AutoCloseable {
    /** A command's exit code and its output (stdout and stderr, in order). */
    record Result(int code, String output) {
        String trimmed() {
            return output.strip();
        }
    }

    final Path root;
    final Path bootLog;
    private final Process nspawn;
    private final long init;

    private BootedRoot(Path root, Path bootLog, Process nspawn, long init) {
        this.root = root;
        this.bootLog = bootLog;
        this.nspawn = nspawn;
        this.init = init;
    }

    /** Unpacks {@code tarball} into {@code dir/root} and boots it; returns once systemd is up. */
    static BootedRoot boot(Path tarball, Path dir, Duration timeout) throws IOException, InterruptedException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Result untar = host(Duration.ofMinutes(3), "tar", "-C", root.toString(), "-xzf", tarball.toString());
        if (untar.code != 0) {
            throw new IOException("unpacking " + tarball + " failed: " + untar.output);
        }
        Path bootLog = dir.resolve("boot.log");
        ProcessBuilder pb = new ProcessBuilder("systemd-nspawn", "-q", "-D", root.toString(),
                "--register=no", "--keep-unit", "--console=pipe", "-b")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(bootLog.toFile());
        pb.environment().put("SYSTEMD_NSPAWN_UNIFIED_HIERARCHY", "1");
        Process nspawn = pb.start();
        // The container's init is nspawn's child (PID 1 inside).
        long init = await("systemd-nspawn's container init (boot log: " + bootLog + ")").atMost(Duration.ofSeconds(30))
                .until(() -> {
                    if (!nspawn.isAlive()) {
                        throw new IOException("systemd-nspawn exited with " + nspawn.exitValue() + ": "
                                + Files.readString(bootLog));
                    }
                    return nspawn.toHandle().children().map(ProcessHandle::pid).findFirst().orElse(-1L);
                }, pid -> pid > 0);
        BootedRoot booted = new BootedRoot(root, bootLog, nspawn, init);
        await("systemd in the container to finish booting (boot log: " + bootLog + ")").atMost(timeout)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> booted.run("systemctl", "is-system-running").trimmed(),
                        s -> s.equals("running") || s.equals("degraded"));
        return booted;
    }

    /** Runs {@code command} inside the container (its mount, pid, net, ipc and uts namespaces). */
    Result run(String... command) throws IOException, InterruptedException {
        return run(Duration.ofMinutes(5), command);
    }

    Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("nsenter", "-t", Long.toString(init), "-m", "-u", "-i", "-n", "-p",
                "--", "env", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"));
        argv.addAll(List.of(command));
        return host(timeout, argv.toArray(String[]::new));
    }

    /** Runs {@code command} inside the container and fails, with its output, unless it exits 0. */
    String ok(String... command) throws IOException, InterruptedException {
        Result r = run(command);
        if (r.code != 0) {
            throw new AssertionError("in the container, `" + String.join(" ", command) + "` exited " + r.code + ":\n"
                    + r.output);
        }
        return r.output;
    }

    /** A path inside the container, seen from the host. */
    Path file(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    static Result host(Duration timeout, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
        // Read on this thread (the commands here print little); a watcher ends one that hangs.
        Thread watcher = Thread.ofVirtual().start(() -> {
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    killed.set(true);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        byte[] out;
        try (var in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        p.waitFor();
        watcher.interrupt();
        String text = new String(out, StandardCharsets.UTF_8);
        if (killed.get()) {
            text += "\n(killed: still running after " + timeout + ")";
        }
        return new Result(p.exitValue(), text);
    }

    /** Runs {@code command} on the host and fails, with its output, unless it exits 0 within 5 min. */
    static String hostOk(String... command) throws IOException, InterruptedException {
        Result r = host(Duration.ofMinutes(5), command);
        if (r.code != 0) {
            throw new AssertionError("`" + String.join(" ", command) + "` exited " + r.code + ":\n" + r.output);
        }
        return r.output;
    }

    /** Powers the container off and waits for nspawn to end; kills it if it will not. */
    @Override
    public void close() throws InterruptedException {
        try {
            run(Duration.ofSeconds(20), "systemctl", "poweroff", "--no-block");
        } catch (IOException ignored) {
            // nsenter missing or the container gone: the kill below ends it.
        }
        if (!nspawn.waitFor(60, TimeUnit.SECONDS)) {
            nspawn.destroy();
            if (!nspawn.waitFor(20, TimeUnit.SECONDS)) {
                nspawn.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
