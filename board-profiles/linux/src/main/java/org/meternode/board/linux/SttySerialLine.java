package org.meternode.board.linux;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.meternode.hal.serial.SerialLine;
import org.meternode.hal.serial.SerialSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SerialLine} on a tty with no native code: the {@code stty} command (coreutils or busybox)
 * sets rate, framing, raw mode and the read timeout, then the device is read and written as a plain
 * file. For JVMs where jSerialComm has no native library (musl libc, MIPS routers).
 *
 * <p>The read timeout is the terminal's own ({@code min 0 time N}: a read returns as soon as one byte
 * is there, or with nothing after N tenths of a second), so no thread of ours waits; it is rounded up
 * to a tenth of a second and is at most 25.5 s. Java cannot open a file with {@code O_NOCTTY}: the
 * JVM that opens the port must not be a session leader without a terminal, or the port becomes its
 * controlling terminal and a hang-up stops it. The {@code meternode launch} launcher runs the node
 * as its child, which never is.
 */
final class SttySerialLine implements SerialLine {
    private static final Logger LOG = LoggerFactory.getLogger(SttySerialLine.class);
    /** How long one {@code stty} run may take. */
    static final Duration STTY_TIMEOUT = Duration.ofSeconds(5);
    /** The rates termios can name (Bnnn in asm-generic/termbits.h); stty refuses the others. */
    static final List<Integer> RATES = List.of(50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600,
            19200, 38400, 57600, 115200, 230400, 460800, 500000, 576000, 921600, 1000000, 1152000, 1500000,
            2000000, 2500000, 3000000, 3500000, 4000000);
    /** GNU stty's complaint when the driver kept some of what was asked (a pty keeps cs8, no parity). */
    private static final String PARTLY_APPLIED = "unable to perform all requested operations";

    private final String stty;
    private final String path;
    private final Duration readTimeout;
    private final FileInputStream in;
    private final FileOutputStream out;
    private final InputStream input;
    private SerialSettings current;
    private volatile boolean closed;

    private SttySerialLine(String stty, String path, Duration readTimeout, FileInputStream in, FileOutputStream out,
            SerialSettings settings) {
        this.stty = stty;
        this.path = path;
        this.readTimeout = readTimeout;
        this.in = in;
        this.out = out;
        this.current = settings;
        this.input = new TtyInput();
    }

    /** Configures the tty at {@code path} with {@code stty} on the PATH, then opens it. */
    static SttySerialLine open(String path, SerialSettings settings, Duration readTimeout) throws IOException {
        return open("stty", path, settings, readTimeout);
    }

    /**
     * Configures first: {@code clocal} lets the open return on a port without carrier detect, which
     * would otherwise block it. Linux keeps a tty's settings from one open to the next.
     */
    static SttySerialLine open(String stty, String path, SerialSettings settings, Duration readTimeout)
            throws IOException {
        if (!Files.exists(Path.of(path))) {
            throw new IOException("serial port '" + path + "' does not exist");
        }
        runStty(stty, path, settings, readTimeout);
        FileInputStream in = new FileInputStream(path);
        try {
            return new SttySerialLine(stty, path, readTimeout, in, new FileOutputStream(path), settings);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * The stty command line for {@code settings}: raw bytes (no echo, no line editing, no CR/LF
     * translation, no XON/XOFF), rate, character size, parity, stop bits, modem lines ignored, no
     * RTS/CTS, and the read timeout in tenths of a second. Parity is sent and received but not
     * checked by the driver (as with {@code raw}): every meter protocol here checks its own sum.
     */
    static List<String> sttyArguments(String stty, String path, SerialSettings settings, Duration readTimeout)
            throws IOException {
        if (!RATES.contains(settings.baud())) {
            throw new IOException("serial port '" + path + "': stty cannot set " + settings.baud()
                    + " baud (termios rates: " + RATES + ")");
        }
        List<String> args = new ArrayList<>(List.of(stty, "-F", path, "raw", "-echo",
                Integer.toString(settings.baud()), "cs" + settings.dataBits()));
        switch (settings.parity()) {
            case NONE -> args.addAll(List.of("-parenb", "-parodd"));
            case EVEN -> args.addAll(List.of("parenb", "-parodd"));
            case ODD -> args.addAll(List.of("parenb", "parodd"));
        }
        args.add(settings.stopBits() == 2 ? "cstopb" : "-cstopb");
        args.addAll(List.of("clocal", "-crtscts", "min", "0", "time", Integer.toString(deciseconds(readTimeout))));
        return List.copyOf(args);
    }

    /** VTIME: tenths of a second, rounded up, 1..255. */
    static int deciseconds(Duration timeout) {
        long tenths = (Math.max(1, timeout.toMillis()) + 99) / 100;
        return (int) Math.min(255, tenths);
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    /** Runs stty again on the open port; a no-op when the settings are the current ones. */
    @Override
    public synchronized void configure(SerialSettings settings) throws IOException {
        if (!settings.equals(current)) {
            runStty(stty, path, settings, readTimeout);
            current = settings;
        }
    }

    @Override
    public void close() {
        closed = true;
        try (in; out) {
            // both closed, the output first
        } catch (IOException e) {
            LOG.warn("serial port '{}': close: {}", path, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "serial port '" + path + "' (stty)";
    }

    private static void runStty(String stty, String path, SerialSettings settings, Duration readTimeout)
            throws IOException {
        List<String> command = sttyArguments(stty, path, settings, readTimeout);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("serial port '" + path + "': cannot run " + stty + " (" + e.getMessage()
                    + "); install it (busybox stty, or opkg install coreutils-stty)", e);
        }
        process.getOutputStream().close();
        String output;
        int exit;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(STTY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IOException("serial port '" + path + "': " + stty + " did not finish within " + STTY_TIMEOUT);
            }
            exit = process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("serial port '" + path + "': interrupted while running " + stty);
        }
        if (exit == 0) {
            return;
        }
        if (output.contains(PARTLY_APPLIED) && isPseudoTerminal(path)) {
            // The kernel's pty driver keeps cs8 without parity whatever is asked; there is no wire, so
            // framing is moot, and rate, raw mode and timeout were applied.
            LOG.debug("serial port '{}' is a pseudo-terminal: it keeps 8N1 framing ({} asked)", path, settings);
            return;
        }
        throw new IOException("serial port '" + path + "' refused settings " + settings + ": '"
                + String.join(" ", command) + "' exited with " + exit + (output.isEmpty() ? "" : ": " + output));
    }

    private static boolean isPseudoTerminal(String path) {
        try {
            return Path.of(path).toRealPath().startsWith("/dev/pts");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads as the {@link SerialLine} contract says. {@link FileInputStream} reports a read that
     * returned no byte as end of stream; it is a timeout when the terminal's timer ran out, and the
     * end (the device hung up) when it came back at once.
     */
    private final class TtyInput extends InputStream {
        private final long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(deciseconds(readTimeout) * 100L);

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (closed) {
                throw new IOException(SttySerialLine.this + " is closed");
            }
            long start = System.nanoTime();
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                return n;
            }
            if (System.nanoTime() - start >= timeoutNanos / 2) {
                throw new InterruptedIOException("no byte within " + readTimeout.toMillis() + " ms on "
                        + SttySerialLine.this);
            }
            return -1;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }
    }
}
