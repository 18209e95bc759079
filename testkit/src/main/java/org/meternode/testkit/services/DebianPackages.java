package org.meternode.testkit.services;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure a test's Debian packages are on the machine: when a program is missing and the test
 * runs as root, installs its package with apt-get (once per JVM); otherwise says exactly what is
 * missing, so a test can fail or skip with that reason. Never assumes what a machine was left with.
 */
public final class DebianPackages {
    private static final Object LOCK = new Object();
    private static boolean updated;

    private DebianPackages() {
    }

    /**
     * Finds {@code program} on the PATH or in {@code extraDirs}, installing {@code packages} when it
     * is missing.
     *
     * @return the program's path
     * @throws IllegalStateException naming the program and package when it cannot be had
     */
    public static Path ensure(String program, List<Path> extraDirs, String... packages) {
        synchronized (LOCK) {
            Path found = find(program, extraDirs);
            if (found != null) {
                return found;
            }
            if (!"root".equals(System.getProperty("user.name"))) {
                throw new IllegalStateException(program + " is missing and this is not root: install "
                        + String.join(" ", packages));
            }
            if (!updated) {
                run(List.of("apt-get", "update", "-qq"));
                updated = true;
            }
            List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq"));
            install.addAll(List.of(packages));
            run(install);
            found = find(program, extraDirs);
            if (found == null) {
                throw new IllegalStateException("installed " + String.join(" ", packages) + " but " + program
                        + " is still not found on the PATH or in " + extraDirs);
            }
            return found;
        }
    }

    /** {@link #ensure(String, List, String...)} for a program on the PATH. */
    public static Path ensure(String program, String... packages) {
        return ensure(program, List.of(), packages);
    }

    private static Path find(String program, List<Path> extraDirs) {
        List<Path> dirs = new ArrayList<>(extraDirs);
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty()) {
                dirs.add(Path.of(dir));
            }
        }
        dirs.add(Path.of("/usr/sbin"));
        for (Path dir : dirs) {
            Path p = dir.resolve(program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static void run(List<String> command) {
        try {
            Path log = Files.createTempFile("apt-", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": still running after 15 min");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): "
                        + out.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(String.join(" ", command) + ": interrupted", e);
        }
    }
}
