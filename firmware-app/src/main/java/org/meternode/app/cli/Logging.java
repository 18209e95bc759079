package org.meternode.app.cli;

/**
 * slf4j-simple settings for command-line use: time-stamped lines on stderr, our INFO, libraries'
 * WARN; on a journald stream, lines with their priority instead of a time ({@link JournalPriorities}).
 * Set before the first logger is created; a -D on the command line wins.
 */
public final class Logging {
    private Logging() {
    }

    public static void configure() {
        if (JournalPriorities.stderrIsJournal(System.getenv("JOURNAL_STREAM"))) {
            // Under systemd: journald stamps the time itself, and reads each line's priority from its
            // <N> prefix (journalctl -p warning shows the node's warnings and errors only).
            defaultTo("org.slf4j.simpleLogger.showDateTime", "false");
            System.setErr(JournalPriorities.wrap(System.err));
        }
        defaultTo("org.slf4j.simpleLogger.showDateTime", "true");
        defaultTo("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        defaultTo("org.slf4j.simpleLogger.showThreadName", "false");
        defaultTo("org.slf4j.simpleLogger.showShortLogName", "true");
        defaultTo("org.slf4j.simpleLogger.defaultLogLevel", "info");
        defaultTo("org.slf4j.simpleLogger.log.org.eclipse", "warn");
    }

    private static void defaultTo(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
