package org.meternode.hal.serial;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A pair of connected pseudo-terminals made by socat: what one side writes, the other reads, like a
 * null-modem cable. The meter side is driven with plain file I/O by the test; the node side is opened
 * with {@link JSerialCommLine}. Tests are skipped (with a reason) only when socat is not installed.
 */
public final class SocatPty implements AutoCloseable {
    private final Process socat;
    private final Path directory;
    private final Path meterSide;
    private final Path nodeSide;

    private SocatPty(Process socat, Path directory) {
        this.socat = socat;
        this.directory = directory;
        this.meterSide = directory.resolve("meter");
        this.nodeSide = directory.resolve("node");
    }

    public static SocatPty start() throws IOException, InterruptedException {
        assumeTrue(onPath("socat"), "socat is not installed (apt-get install -y socat): pseudo-terminal tests skipped");
        Path directory = Files.createTempDirectory("meternode-pty");
        Process process = new ProcessBuilder("socat", "-d", "-d",
                "pty,raw,echo=0,link=" + directory.resolve("meter"),
                "pty,raw,echo=0,link=" + directory.resolve("node"))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("socat.log").toFile())
                .start();
        SocatPty pty = new SocatPty(process, directory);
        pty.awaitReady();
        return pty;
    }

    /** Path the simulated meter writes to and reads from. */
    public Path meterSide() {
        return meterSide;
    }

    /** Path the node opens as its serial port. */
    public String nodeSide() {
        return nodeSide.toString();
    }

    private void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        Path log = directory.resolve("socat.log");
        while (Instant.now().isBefore(deadline)) {
            if (!socat.isAlive()) {
                throw new IOException("socat exited early: " + Files.readString(log));
            }
            if (Files.exists(meterSide) && Files.exists(nodeSide)
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
            throw new UncheckedIOException(e);
        }
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
