package org.meternode.hal.serial;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Two connected pseudo-terminals made by socat, like a null-modem cable: a simulated meter uses the
 * {@link #meterSide()} with plain file I/O, the node opens {@link #nodePort()} as its serial port
 * ({@link JSerialCommLine}). For tests and simulated meters; needs socat on the PATH.
 */
public final class SocatPair implements AutoCloseable {
    private final Process socat;
    private final Path directory;

    private SocatPair(Process socat, Path directory) {
        this.socat = socat;
        this.directory = directory;
    }

    /** Whether socat is on the PATH; callers skip pseudo-terminal tests or demos without it. */
    public static boolean socatAvailable() {
        return onPath("socat");
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Starts socat and waits until both links exist and it is transferring. */
    public static SocatPair start(String prefix) throws IOException, InterruptedException {
        if (!socatAvailable()) {
            throw new IOException("socat is not installed (apt-get install -y socat; ./run-tests installs it)");
        }
        Path directory = Files.createTempDirectory(prefix);
        List<String> command = new ArrayList<>();
        if (onPath("setsid")) {
            // Its own session: a Ctrl-C in the terminal must not kill socat under a meter that is
            // still talking (the meter's owner closes it, in order).
            command.add("setsid");
        }
        command.addAll(List.of("socat", "-d", "-d", "pty,raw,echo=0,link=" + directory.resolve("meter"),
                "pty,raw,echo=0,link=" + directory.resolve("node")));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("socat.log").toFile())
                .start();
        SocatPair pair = new SocatPair(process, directory);
        pair.awaitReady();
        return pair;
    }

    /** The pseudo-terminal the simulated meter reads and writes. */
    public Path meterSide() {
        return directory.resolve("meter");
    }

    /** The pseudo-terminal the node opens as its serial port. */
    public String nodePort() {
        return directory.resolve("node").toString();
    }

    private void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        Path log = directory.resolve("socat.log");
        while (Instant.now().isBefore(deadline)) {
            if (!socat.isAlive()) {
                throw new IOException("socat exited early: " + Files.readString(log));
            }
            if (Files.exists(meterSide()) && Files.exists(directory.resolve("node"))
                    && Files.readString(log).contains("starting data transfer loop")) {
                return;
            }
            Thread.sleep(20);
        }
        close();
        throw new IOException("socat did not create its pseudo-terminals within 10 s");
    }

    @Override
    public void close() {
        socat.destroy();
        try {
            if (!socat.waitFor(5, TimeUnit.SECONDS)) {
                socat.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temp files only
        }
    }
}
