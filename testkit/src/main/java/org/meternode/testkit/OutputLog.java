package org.meternode.testkit;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A child process's output lines (or any text lines arriving on another thread), safe to read while
 * they are appended: pass it as the line consumer, then {@link #awaitLine} or read a snapshot.
 */
public final class OutputLog extends Recording<String> {
    private final String echoPrefix;

    /** Records lines without echoing them. */
    public OutputLog() {
        this("output", null);
    }

    /**
     * @param what       what the lines are, for timeout messages
     * @param echoPrefix when not null, every line is also printed to stdout with this prefix
     */
    public OutputLog(String what, String echoPrefix) {
        super(what);
        this.echoPrefix = echoPrefix;
    }

    @Override
    public void add(String line) {
        super.add(line);
        if (echoPrefix != null) {
            System.out.println(echoPrefix + line);
        }
    }

    /** Waits for a line that matches and returns it. */
    public String awaitLine(Predicate<String> match, Duration timeout) {
        return await(match, timeout);
    }

    /** Waits for a line containing all {@code parts} and returns it. */
    public String awaitLine(Duration timeout, String... parts) {
        return await(l -> containsAll(l, parts), timeout);
    }

    /** Waits until at least {@code n} lines contain all {@code parts}. */
    public List<String> awaitLines(long n, Duration timeout, String... parts) {
        return awaitCount(l -> containsAll(l, parts), n, timeout);
    }

    /** Whether some line so far contains all {@code parts}. */
    public boolean said(String... parts) {
        return first(l -> containsAll(l, parts)).isPresent();
    }

    /** The first line so far containing all {@code parts}, or null. */
    public String line(String... parts) {
        return first(l -> containsAll(l, parts)).orElse(null);
    }

    /** How many lines so far contain all {@code parts}. */
    public long count(String... parts) {
        return count(l -> containsAll(l, parts));
    }
}
