package org.meternode.app.manage;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Keeps the last lines written to stderr (where slf4j-simple logs), so an operator can fetch
 * them remotely. Installed once at start; the lines still reach stderr/journald unchanged.
 */
public final class RecentLog {
    private static final int MAX_LINES = 200;
    private static final Deque<String> LINES = new ArrayDeque<>();
    private static volatile boolean installed;

    private RecentLog() {
    }

    public static synchronized void install() {
        if (installed) {
            return;
        }
        PrintStream original = System.err;
        System.setErr(new PrintStream(new Tee(original), true, StandardCharsets.UTF_8));
        installed = true;
    }

    /** Up to {@code max} most recent lines, oldest first. */
    public static List<String> last(int max) {
        synchronized (LINES) {
            List<String> all = new ArrayList<>(LINES);
            return all.subList(Math.max(0, all.size() - max), all.size());
        }
    }

    private static void add(String line) {
        synchronized (LINES) {
            LINES.addLast(line);
            while (LINES.size() > MAX_LINES) {
                LINES.removeFirst();
            }
        }
    }

    private static final class Tee extends OutputStream {
        private final OutputStream out;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Tee(OutputStream out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            out.write(b);
            collect(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            out.write(b, off, len);
            for (int i = off; i < off + len; i++) {
                collect(b[i]);
            }
        }

        private void collect(int b) {
            if (b == '\n') {
                add(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else if (line.size() < 2000) {
                line.write(b);
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            out.flush();
        }
    }
}
