package org.meternode.app.outbox;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.meternode.app.reading.Reading;

/**
 * Reads what SQLite can still read out of a damaged outbox: the undelivered readings, the counter
 * states and the last interval end. It works on a copy, so the kept file stays byte for byte as it
 * was found. Readings are scanned forwards and backwards, so one bad page in the middle of the table
 * costs only the rows on it.
 */
public final class OutboxSalvage {
    /**
     * What was read back.
     *
     * @param readings      the readable undelivered readings, in their old order
     * @param counters      the readable counter states
     * @param countersRead  whether the counters table was read to its end
     * @param lastIntervalEnd the last interval end stored, if readable
     * @param problems      what could not be read, and why
     */
    public record Result(List<Reading> readings, Map<String, CounterState> counters, boolean countersRead,
            Optional<Instant> lastIntervalEnd, List<String> problems) {
        public String describe() {
            return "salvaged " + readings.size() + " reading(s) and " + counters.size() + " counter state(s)"
                    + (countersRead ? "" : " (counter state NOT recovered)")
                    + (problems.isEmpty() ? "" : "; unreadable: " + String.join("; ", problems));
        }
    }

    private OutboxSalvage() {
    }

    /** Reads what it can of the outbox kept at {@code kept} (with its {@code -wal}, if any). */
    public static Result read(Path kept) {
        List<String> problems = new ArrayList<>();
        Path dir = null;
        try {
            dir = Files.createTempDirectory(kept.toAbsolutePath().getParent(), ".salvage-");
            Path copy = dir.resolve("outbox.db");
            Files.copy(kept, copy);
            Path wal = OutboxRecovery.sibling(kept, "-wal");
            if (Files.exists(wal) && OutboxRecovery.walProblem(kept, wal).isEmpty()) {
                Files.copy(wal, OutboxRecovery.sibling(copy, "-wal"), StandardCopyOption.REPLACE_EXISTING);
            }
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + copy)) {
                List<Reading> readings = readings(db, problems);
                Map<String, CounterState> counters = new HashMap<>();
                boolean countersRead = counters(db, counters, problems);
                return new Result(readings, counters, countersRead, lastIntervalEnd(db, problems), problems);
            }
        } catch (IOException | SQLException e) {
            problems.add("the file: " + e.getMessage());
            return new Result(List.of(), Map.of(), false, Optional.empty(), problems);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static List<Reading> readings(Connection db, List<String> problems) {
        TreeMap<Long, Reading> bySeq = new TreeMap<>();
        String cols = "SELECT seq, channel, at_ms, mantissa, exponent, unit, quality FROM readings ORDER BY seq ";
        String forward = scan(db, cols + "ASC", rs -> bySeq.put(rs.getLong(1), reading(rs)));
        if (forward != null) {
            String backward = scan(db, cols + "DESC", rs -> bySeq.put(rs.getLong(1), reading(rs)));
            problems.add("readings: " + forward + (backward == null ? "" : " (read from both ends)"));
        }
        return new ArrayList<>(bySeq.values());
    }

    private static Reading reading(ResultSet rs) throws SQLException {
        try {
            return new Reading(rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getLong(4), rs.getInt(5),
                    rs.getString(6), Reading.Quality.valueOf(rs.getString(7)));
        } catch (RuntimeException e) {
            throw new SQLException("reading seq " + rs.getLong(1) + " has unreadable values: " + e.getMessage(), e);
        }
    }

    private static boolean counters(Connection db, Map<String, CounterState> out, List<String> problems) {
        String failed = scan(db, "SELECT channel, raw_total, base, at_ms, factor, scale_total, scale_value FROM counters",
                rs -> {
                    try {
                        String factor = rs.getString(5);
                        CounterState.Scale scale = factor == null ? null : new CounterState.Scale(
                                new BigDecimal(factor), rs.getLong(6), new BigDecimal(rs.getString(7)));
                        out.put(rs.getString(1), new CounterState(rs.getLong(2), rs.getLong(3),
                                Instant.ofEpochMilli(rs.getLong(4)), scale));
                    } catch (RuntimeException e) {
                        throw new SQLException("counter state of '" + rs.getString(1) + "' is unreadable: "
                                + e.getMessage(), e);
                    }
                });
        if (failed != null) {
            // The states read are kept: a channel missing from them restarts at zero, the others go on.
            problems.add("counters: " + failed);
            return false;
        }
        return true;
    }

    private static Optional<Instant> lastIntervalEnd(Connection db, List<String> problems) {
        List<Instant> end = new ArrayList<>();
        String failed = scan(db, "SELECT value FROM meta WHERE key = 'last_interval_end_ms'",
                rs -> end.add(Instant.ofEpochMilli(Long.parseLong(rs.getString(1)))));
        if (failed != null) {
            problems.add("last interval end: " + failed);
        }
        return end.stream().max(Comparator.naturalOrder());
    }

    @FunctionalInterface
    private interface Row {
        void take(ResultSet rs) throws SQLException;
    }

    /** Runs {@code sql}, handing each row to {@code row}; returns why it stopped early, null if it did not. */
    private static String scan(Connection db, String sql, Row row) {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                row.take(rs);
            }
            return null;
        } catch (SQLException | RuntimeException e) {
            String m = e.getMessage();
            return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a leftover temporary copy costs disk space only; the kept file is untouched
        }
    }
}
