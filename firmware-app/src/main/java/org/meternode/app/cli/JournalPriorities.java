package org.meternode.app.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Log lines on a journald stream get their priority as the {@code <N>} prefix journald reads
 * (sd-daemon(3)): slf4j-simple's level word at the start of a line becomes ERROR {@code <3>}, WARN
 * {@code <4>}, INFO {@code <6>}, DEBUG and TRACE {@code <7>}; the CLI's {@code error: } and
 * {@code warning: } lines are 3 and 4; continuation lines (a stack trace) keep the priority of the
 * line they continue. Used only when stderr is the journal's stream
 * ({@code JOURNAL_STREAM} names its device and inode), so a terminal never sees the prefixes.
 */
final class JournalPriorities extends FilterOutputStream {
    private static final String[] LEVELS = {"ERROR ", "WARN ", "INFO ", "DEBUG ", "TRACE "};
    private static final char[] PRIORITIES = {'3', '4', '6', '7', '7'};

    private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(256);
    private char current = '6';

    JournalPriorities(OutputStream out) {
        super(out);
    }

    /** Whether stderr is the stream journald gave this service ({@code JOURNAL_STREAM=DEV:INODE}). */
    static boolean stderrIsJournal(String journalStream) {
        if (journalStream == null || !journalStream.matches("\\d+:\\d+")) {
            return false;
        }
        try {
            Path fd2 = Path.of("/proc/self/fd/2");
            long dev = ((Number) Files.getAttribute(fd2, "unix:dev")).longValue();
            long ino = ((Number) Files.getAttribute(fd2, "unix:ino")).longValue();
            return journalStream.equals(dev + ":" + ino);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    static PrintStream wrap(PrintStream err) {
        return new PrintStream(new JournalPriorities(err), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            flushLine();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        if (line.size() > 0) {
            line.write('\n');
            flushLine();
        }
        super.close();
    }

    private void flushLine() throws IOException {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        boolean matched = false;
        for (int i = 0; i < LEVELS.length && !matched; i++) {
            if (text.startsWith(LEVELS[i])) {
                current = PRIORITIES[i];
                text = text.substring(LEVELS[i].length());
                matched = true;
            }
        }
        // The CLI's own "error: ..." and "warning: ..." lines (config problems), kept as written.
        if (!matched && text.startsWith("error: ")) {
            current = '3';
        } else if (!matched && text.startsWith("warning: ")) {
            current = '4';
        }
        out.write(("<" + current + ">" + text).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
