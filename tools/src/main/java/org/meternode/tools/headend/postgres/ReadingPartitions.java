package org.meternode.tools.headend.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The monthly partitions of {@code readings} (UTC months, {@code readings_y2026m03}): made on demand
 * before an insert that needs one, in a short transaction of its own under an advisory lock (so two
 * head-ends never race on it), and remembered so a known month costs nothing.
 */
final class ReadingPartitions {
    /** pg_advisory_xact_lock key of partition creation ("meternode partitions"). */
    static final long LOCK = 0x6d6e5f7061727473L;

    private final Set<YearMonth> known = ConcurrentHashMap.newKeySet();

    static YearMonth monthOf(Instant at) {
        return YearMonth.from(at.atOffset(ZoneOffset.UTC));
    }

    static String name(YearMonth month) {
        return String.format("readings_y%04dm%02d", month.getYear(), month.getMonthValue());
    }

    /** The months of {@code times} that this instance has not yet made sure of. */
    Set<YearMonth> missing(Collection<Instant> times) {
        Set<YearMonth> out = new TreeSet<>();
        for (Instant at : times) {
            YearMonth m = monthOf(at);
            if (!known.contains(m)) {
                out.add(m);
            }
        }
        return out;
    }

    /** Creates the partitions of {@code months} if no one has; call in a transaction of its own. */
    static void create(Connection db, Set<YearMonth> months) throws SQLException {
        try (Statement st = db.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            for (YearMonth m : months) {
                st.execute("CREATE TABLE IF NOT EXISTS " + name(m) + " PARTITION OF readings FOR VALUES FROM ('"
                        + m.atDay(1) + " 00:00:00+00') TO ('" + m.plusMonths(1).atDay(1) + " 00:00:00+00')");
            }
        }
    }

    /** {@code months} exist (after their creation committed). */
    void created(Set<YearMonth> months) {
        known.addAll(months);
    }

    /** An insert found no partition (an operator dropped or detached one): make sure again next time. */
    void forget() {
        known.clear();
    }
}
