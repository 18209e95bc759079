package org.meternode.tools.headend.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.meternode.tools.headend.ReadingStore;
import org.meternode.tools.headend.ReceivedReading;
import org.meternode.tools.headend.StoreResult;

/**
 * Readings in PostgreSQL, for head-ends sharing one database: monthly partitions of {@code readings}
 * with primary key (endpoint, stream, at); each Send one transaction on a pooled connection, so
 * concurrent Sends run in parallel. Channel names are cached for {@link #CHANNEL_TTL}, which bounds
 * how long a rename made through another head-end goes unseen.
 */
public final class PostgresReadingStore implements ReadingStore {
    /** How long a channel name read from the database is trusted before it is read again. */
    static final Duration CHANNEL_TTL = Duration.ofSeconds(30);
    private static final String INSERT = "INSERT INTO readings(endpoint, stream, at, value, unit, quality, path,"
            + " received_at) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING";
    private static final String STORED_VALUE = "SELECT value FROM readings WHERE endpoint = ? AND stream = ? AND at = ?";
    private static final String COUNT = "INSERT INTO endpoint_counters(endpoint, duplicates, conflicts, sends)"
            + " VALUES (?,?,?,1) ON CONFLICT (endpoint) DO UPDATE SET"
            + " duplicates = endpoint_counters.duplicates + excluded.duplicates,"
            + " conflicts = endpoint_counters.conflicts + excluded.conflicts, sends = endpoint_counters.sends + 1";

    private record Named(String channel, Instant readAt) {
    }

    private final ConnectionPool pool;
    private final Clock clock;
    private final ReadingPartitions partitions = new ReadingPartitions();
    private final Map<String, Named> channels = new ConcurrentHashMap<>();

    PostgresReadingStore(ConnectionPool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    @Override
    public String describe() {
        return pool.describe();
    }

    @Override
    public void nameInstance(String endpoint, int objectId, int instance, String channel) {
        String key = key(endpoint, objectId, instance);
        Named cached = channels.get(key);
        if (cached != null && cached.channel().equals(channel) && fresh(cached)) {
            return; // nodes announce names in every Send that carries them; the database has this one
        }
        pool.call("cannot name " + endpoint + "'s /" + objectId + "/" + instance, db -> {
            try (PreparedStatement st = db.prepareStatement("INSERT INTO channels(endpoint, object_id, instance, channel)"
                    + " VALUES (?,?,?,?) ON CONFLICT (endpoint, object_id, instance) DO UPDATE SET channel = excluded.channel")) {
                st.setString(1, endpoint);
                st.setInt(2, objectId);
                st.setInt(3, instance);
                st.setString(4, channel);
                return st.executeUpdate();
            }
        });
        channels.put(key, new Named(channel, clock.instant()));
    }

    @Override
    public Optional<String> channelOf(String endpoint, int objectId, int instance) {
        String key = key(endpoint, objectId, instance);
        Named cached = channels.get(key);
        if (cached != null && fresh(cached)) {
            return Optional.of(cached.channel());
        }
        Optional<String> read = pool.call("cannot read " + endpoint + "'s channel names", db -> {
            try (PreparedStatement st = db.prepareStatement(
                    "SELECT channel FROM channels WHERE endpoint = ? AND object_id = ? AND instance = ?")) {
                st.setString(1, endpoint);
                st.setInt(2, objectId);
                st.setInt(3, instance);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
        // Only names are cached: an unnamed instance is asked again, so a name given elsewhere shows at once.
        read.ifPresentOrElse(c -> channels.put(key, new Named(c, clock.instant())), () -> channels.remove(key));
        return read;
    }

    private boolean fresh(Named n) {
        return Duration.between(n.readAt(), clock.instant()).compareTo(CHANNEL_TTL) < 0;
    }

    private static String key(String endpoint, int objectId, int instance) {
        return endpoint + '\u0000' + objectId + '/' + instance;
    }

    /** One transaction per Send, committed before this returns (so before the node's 2.04). */
    @Override
    public StoreResult store(String endpoint, List<ReceivedReading> readings) {
        String what = "cannot store " + readings.size() + " reading(s) of " + endpoint;
        Set<YearMonth> months = partitions.missing(readings.stream().map(ReceivedReading::at).toList());
        if (!months.isEmpty()) {
            pool.transaction(what + " (creating partitions " + months + ")", db -> {
                ReadingPartitions.create(db, months);
                return null;
            });
            partitions.created(months);
        }
        try {
            return pool.transaction(what, db -> storeAll(db, endpoint, readings));
        } catch (org.meternode.tools.headend.StoreException e) {
            if (e.getCause() instanceof SQLException s && "23514".equals(PgErrors.state(s))) {
                partitions.forget(); // no partition for a row: one was dropped under us; made again next time
            }
            throw e;
        }
    }

    private StoreResult storeAll(Connection db, String endpoint, List<ReceivedReading> readings) throws SQLException {
        // The same order in every transaction: two Sends overlapping in readings wait, never deadlock.
        List<ReceivedReading> sorted = new ArrayList<>(readings);
        sorted.sort(Comparator.comparing(ReceivedReading::channel).thenComparing(ReceivedReading::at));
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        int[] counts;
        try (PreparedStatement ins = db.prepareStatement(INSERT)) {
            for (ReceivedReading r : sorted) {
                ins.setString(1, endpoint);
                ins.setString(2, r.channel());
                ins.setObject(3, utc(r.at()));
                ins.setDouble(4, r.value());
                ins.setString(5, r.unit());
                ins.setString(6, r.quality());
                ins.setString(7, r.path());
                ins.setObject(8, now);
                ins.addBatch();
            }
            counts = ins.executeBatch();
        }
        Set<ReceivedReading> inserted = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        int duplicates = 0;
        int conflicts = 0;
        try (PreparedStatement old = db.prepareStatement(STORED_VALUE)) {
            for (int i = 0; i < sorted.size(); i++) {
                ReceivedReading r = sorted.get(i);
                if (counts[i] == 1) {
                    inserted.add(r);
                } else if (sameValue(old, endpoint, r)) {
                    duplicates++;
                } else {
                    conflicts++;
                }
            }
        }
        try (PreparedStatement st = db.prepareStatement(COUNT)) {
            st.setString(1, endpoint);
            st.setInt(2, duplicates);
            st.setInt(3, conflicts);
            st.executeUpdate();
        }
        return new StoreResult(readings.stream().filter(inserted::contains).toList(), duplicates, conflicts);
    }

    private static boolean sameValue(PreparedStatement old, String endpoint, ReceivedReading r) throws SQLException {
        old.setString(1, endpoint);
        old.setString(2, r.channel());
        old.setObject(3, utc(r.at()));
        try (ResultSet rs = old.executeQuery()) {
            return rs.next() && Double.compare(rs.getDouble(1), r.value()) == 0;
        }
    }

    @Override
    public List<ReceivedReading> readings(String endpoint, String channel) {
        return pool.call("cannot read " + endpoint + "'s " + channel, db -> {
            List<ReceivedReading> out = new ArrayList<>();
            try (PreparedStatement st = db.prepareStatement("SELECT at, value, unit, quality, path FROM readings"
                    + " WHERE endpoint = ? AND stream = ? ORDER BY at")) {
                st.setString(1, endpoint);
                st.setString(2, channel);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ReceivedReading(endpoint, channel, rs.getObject(1, OffsetDateTime.class).toInstant(),
                                rs.getDouble(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public long count(String endpoint) {
        return scalar("SELECT COUNT(*) FROM readings WHERE endpoint = ?", endpoint);
    }

    @Override
    public long duplicates(String endpoint) {
        return scalar("SELECT COALESCE(SUM(duplicates), 0) FROM endpoint_counters WHERE endpoint = ?", endpoint);
    }

    @Override
    public long conflicts(String endpoint) {
        return scalar("SELECT COALESCE(SUM(conflicts), 0) FROM endpoint_counters WHERE endpoint = ?", endpoint);
    }

    private long scalar(String sql, String endpoint) {
        return pool.call("cannot count " + endpoint + "'s readings", db -> {
            try (PreparedStatement st = db.prepareStatement(sql)) {
                st.setString(1, endpoint);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    @Override
    public void close() {
        pool.close();
    }
}
