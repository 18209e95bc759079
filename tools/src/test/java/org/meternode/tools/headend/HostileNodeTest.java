package org.meternode.tools.headend;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, surface 4: a provisioned but hostile node talks to a real head-end (Leshan over
 * Scandium DTLS, SQLite store) with crafted Sends and registrations. Every case must be answered;
 * a refused one (4.xx) must leave every table of the store as it was; nothing meant to be refused
 * may be accepted. {@code -Dmeternode.fuzz.tries=N} runs more cases (seed fixed).
 */
class HostileNodeTest {
    private static final long SEED = 0x19_4EADL;
    private static final int TRIES = Integer.getInteger("meternode.fuzz.tries", 10_000);
    private static final byte[] KEY = "hostile-node-key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER_KEY = "another-node-key".getBytes(StandardCharsets.US_ASCII);
    private static final String LINKS = "</1/0>,</3/0>,</3305/0>,</3316/0>,</3300/0>";
    private static final TokenBucketLimiter.Limit UNLIMITED = new TokenBucketLimiter.Limit(1e9, 1_000_000_000);

    @TempDir
    Path dir;

    /** What a crafted case is and whether the head-end may accept it. */
    private record Case(String kind, boolean mustRefuse, boolean registration, String query, byte[] payload) {
    }

    @Test
    void crafted_sends_and_registrations_are_refused_and_change_nothing() throws Exception {
        Path db = dir.resolve("headend.db");
        List<String> out = new CopyOnWriteArrayList<>();
        HeadEndOptions options = HeadEndOptions.psk(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), db,
                List.of(new PskEntry("node-1", "id-1", KEY), new PskEntry("node-2", "id-2", OTHER_KEY)))
                .withRateLimits(UNLIMITED, UNLIMITED);
        Random random = new Random(SEED);
        int refused = 0;
        int accepted = 0;
        int crashes = 0;
        int unexpected = 0;
        Map<String, int[]> byKind = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        Map<String, String> sampleRefusals = new TreeMap<>();
        try (HeadEnd headEnd = new HeadEnd(options, out::add);
                Connection sql = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
            headEnd.start();
            Rows rows = new Rows(sql);
            assertThat(rows.now()).containsKeys("readings", "channels", "stats", "security_events");
            try (HostileNode node = new HostileNode(headEnd.uri(), "id-1", KEY)) {
                Response first = node.register("ep=node-1&lt=3600&lwm2m=1.1&b=U", LINKS);
                assertThat(first.getCode()).isEqualTo(CoAP.ResponseCode.CREATED);
                Response good = node.send(SenMl.records(1, Instant.now(), random));
                assertThat(good.getCode()).as(good.getPayloadString()).isEqualTo(CoAP.ResponseCode.CHANGED);
                for (int i = 0; i < TRIES; i++) {
                    Case c = Crafted.next(random, Instant.now());
                    Map<String, Long> before = rows.now();
                    int registrationsBefore = registrations(headEnd);
                    long started = System.nanoTime();
                    Response r = c.registration() ? node.register(c.query(), new String(c.payload(),
                            StandardCharsets.UTF_8)) : node.send(c.payload());
                    long micros = (System.nanoTime() - started) / 1000;
                    Map<String, Long> after = rows.now();
                    int registrationsAfter = registrations(headEnd);
                    int[] counts = byKind.computeIfAbsent(c.kind(), k -> new int[4]);
                    counts[3] += (int) micros;
                    if (r == null || r.getCode().isServerError() || looksLikeCrash(r)) {
                        crashes++;
                        counts[2]++;
                        problems.add(c.kind() + " #" + i + ": " + (r == null ? "no answer" : r.getCode() + " "
                                + r.getPayloadString()) + ": " + describe(c));
                    } else if (r.getCode().isClientError()) {
                        refused++;
                        counts[0]++;
                        sampleRefusals.putIfAbsent(c.kind(), r.getCode() + " " + r.getPayloadString());
                        if (!before.equals(after) || registrationsAfter != registrationsBefore) {
                            unexpected++;
                            problems.add(c.kind() + " #" + i + ": refused but store changed " + before + " -> "
                                    + after + ", registrations " + registrationsBefore + " -> " + registrationsAfter);
                        }
                    } else {
                        accepted++;
                        counts[1]++;
                        if (c.mustRefuse()) {
                            unexpected++;
                            problems.add(c.kind() + " #" + i + ": accepted (" + r.getCode() + ") though it must be"
                                    + " refused: " + describe(c));
                        }
                    }
                    if (registrationsAfter > 2 || headEnd.leshan().getRegistrationService()
                            .getByEndpoint("node-1") == null && !c.registration()) {
                        unexpected++;
                        problems.add(c.kind() + " #" + i + ": registrations now " + registrationsAfter);
                    }
                    if (problems.size() > 20) {
                        break;
                    }
                }
            }
            try (HostileNode stranger = new HostileNode(headEnd.uri(), "id-unknown", KEY)) {
                Map<String, Long> before = rows.now();
                Response r = stranger.send(SenMl.records(1, Instant.now(), random), 2_000);
                assertThat(r).as("a node with an unknown PSK identity gets no CoAP answer: the DTLS handshake"
                        + " fails").isNull();
                assertThat(rows.now()).isEqualTo(before);
            }
        }
        byKind.forEach((k, v) -> System.out.println("  " + k + ": " + v[0] + " refused, " + v[1] + " accepted, "
                + v[2] + " crashes, " + v[3] / 1000 / Math.max(1, v[0] + v[1] + v[2]) + " ms each"
                + (sampleRefusals.containsKey(k) ? "; e.g. " + abbreviate(sampleRefusals.get(k))
                        : "")));
        problems.stream().limit(20).forEach(p -> System.out.println("  PROBLEM " + p));
        System.out.println("surface hostile-node: " + (refused + accepted + crashes) + " cases, " + refused
                + " refused (4.xx), " + accepted + " accepted, " + crashes + " crashes (5.xx or exception), "
                + unexpected + " unexpected state changes");
        assertThat(problems).isEmpty();
        assertThat(refused + accepted + crashes).isGreaterThanOrEqualTo(TRIES);
        assertThat(crashes).isZero();
        assertThat(unexpected).isZero();
    }

    private static String describe(Case c) {
        String body = c.registration() ? new String(c.payload(), StandardCharsets.UTF_8)
                : java.util.HexFormat.of().formatHex(c.payload(), 0, Math.min(80, c.payload().length));
        return abbreviate((c.query() == null ? "" : "?" + c.query() + " ") + body);
    }

    private static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() > 150 ? one.substring(0, 150) + "..." : one;
    }

    /** A stack trace, a bare exception class name or "null" where a refusal should say what is wrong. */
    static boolean looksLikeCrash(Response r) {
        String text = r.getPayloadString();
        return text.contains("\tat ") || text.trim().equals("null") || text.trim().matches("[\\w.$]+(Exception|Error)");
    }

    static int registrations(HeadEnd headEnd) {
        int n = 0;
        for (Iterator<?> it = headEnd.leshan().getRegistrationService().getAllRegistrations(); it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }

    /**
     * Counts the rows of every table in the store (and the Sends stored) in one query, with SQLite's
     * data_version, which changes whenever another connection (the head-end's) commits anything.
     */
    static final class Rows implements AutoCloseable {
        private final List<String> tables = new ArrayList<>();
        private final java.sql.PreparedStatement all;
        private final java.sql.PreparedStatement version;
        private long lastVersion = Long.MIN_VALUE;
        private Map<String, Long> last;

        Rows(Connection sql) throws SQLException {
            try (Statement st = sql.createStatement();
                    ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            StringBuilder q = new StringBuilder("SELECT (SELECT COALESCE(SUM(sends), 0) FROM stats)");
            tables.forEach(t -> q.append(", (SELECT COUNT(*) FROM ").append(t).append(")"));
            all = sql.prepareStatement(q.toString());
            version = sql.prepareStatement("PRAGMA data_version");
        }

        Map<String, Long> now() throws SQLException {
            long v;
            try (ResultSet rs = version.executeQuery()) {
                rs.next();
                v = rs.getLong(1);
            }
            if (v != lastVersion) {
                last = count();
                last.put("data_version", v);
                lastVersion = v;
            }
            return last;
        }

        private Map<String, Long> count() throws SQLException {
            Map<String, Long> rows = new TreeMap<>();
            try (ResultSet rs = all.executeQuery()) {
                rs.next();
                rows.put("stats.sends", rs.getLong(1));
                for (int i = 0; i < tables.size(); i++) {
                    rows.put(tables.get(i), rs.getLong(i + 2));
                }
            }
            return rows;
        }

        @Override
        public void close() throws SQLException {
            version.close();
            all.close();
        }
    }

    /** SenML-CBOR as a meternode node writes it, and variations of it. */
    static final class SenMl {
        static final int BN = -2;
        static final int N = 0;
        static final int V = 2;
        static final int VS = 3;
        static final int T = 6;
        private static final String[][] PATHS = {{"/3305/0/", "5800"}, {"/3316/0/", "5700"}, {"/3300/0/", "5700"}};

        static CBORObject record(String base, String name, CBORObject value, int valueLabel, CBORObject t) {
            CBORObject r = CBORObject.NewMap();
            if (base != null) {
                r.Add(BN, base);
            }
            r.Add(N, name);
            r.Add(valueLabel, value);
            if (t != null) {
                r.Add(T, t);
            }
            return r;
        }

        /** {@code count} good readings at distinct seconds from {@code at} backwards. */
        static byte[] records(int count, Instant at, Random random) {
            CBORObject array = CBORObject.NewArray();
            for (int i = 0; i < count; i++) {
                String[] p = PATHS[random.nextInt(PATHS.length)];
                array.Add(record(p[0], p[1], CBORObject.FromObject(random.nextDouble() * 1000), V,
                        CBORObject.FromObject(at.getEpochSecond() - random.nextInt(86_400 * 30) - i)));
            }
            return array.EncodeToBytes();
        }

        static byte[] one(String base, String name, CBORObject value, int label, CBORObject t) {
            CBORObject array = CBORObject.NewArray();
            array.Add(record(base, name, value, label, t));
            return array.EncodeToBytes();
        }
    }

    /** The crafted cases, drawn from a seeded Random. */
    static final class Crafted {
        private static final String LINK_CHARS = "<>/,;=\"0123456789abcdefrt.:-_ \t\\%&?*\u00e9\u0000";
        private static final String QUERY_CHARS = "abcdefglmptuw=&0123456789-.%+ ;/\u00ff";

        static Case next(Random random, Instant now) {
            int pick = random.nextInt(100);
            if (pick < 12) {
                byte[] b = new byte[random.nextInt(600)];
                random.nextBytes(b);
                return send("random bytes", b);
            }
            if (pick < 22) {
                byte[] full = SenMl.records(1 + random.nextInt(20), now, random);
                return send("truncated CBOR", Arrays.copyOf(full, random.nextInt(full.length)));
            }
            if (pick < 30) {
                return send("wrong major types", wrongType(random, now));
            }
            if (pick < 35) {
                return send("indefinite-length bomb", bomb(random));
            }
            if (pick < 39) {
                return send("deep nesting", deep(random));
            }
            if (pick < 41) {
                return send("thousands of records", SenMl.records(1_000 + random.nextInt(9_001), now, random));
            }
            if (pick < 47) {
                return send("timestamp out of window", outOfWindow(random, now));
            }
            if (pick < 52) {
                int object = random.nextBoolean() ? 10_000 + random.nextInt(55_000) : 4 + random.nextInt(3000);
                object = object == 3300 || object == 3305 || object == 3316 || object == 3317 || object == 3331
                        ? 9999 : object;
                return send("unknown object path", SenMl.one("/" + object + "/0/", String.valueOf(random.nextInt(
                        65_536)), CBORObject.FromObject(1.5), SenMl.V, CBORObject.FromObject(now.getEpochSecond())));
            }
            if (pick < 53) {
                int length = random.nextBoolean() ? 1_100 + random.nextInt(5_000) : 1 << 20;
                return send("huge string", SenMl.one("/3305/0/", "5750", CBORObject.FromObject("x".repeat(length)),
                        SenMl.VS, null));
            }
            if (pick < 58) {
                double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
                CBORObject value = CBORObject.FromObject(bad[random.nextInt(3)]);
                return send("NaN/Inf value", SenMl.one("/3305/0/", "5800", value, SenMl.V,
                        CBORObject.FromObject(now.getEpochSecond())));
            }
            if (pick < 59) {
                byte[] b = new byte[SendGuard.MAX_PAYLOAD_BYTES + 1 + random.nextInt(60_000)];
                random.nextBytes(b);
                return send("huge payload", b);
            }
            if (pick < 65) {
                return garbageQuery(random);
            }
            if (pick < 72) {
                return send("good readings", SenMl.records(1 + random.nextInt(30), now, random), false);
            }
            if (pick < 82) {
                return registration("garbage object links", "ep=node-1&lt=3600&lwm2m=1.1&b=U", garbage(random,
                        LINK_CHARS, 200), false);
            }
            if (pick < 92) {
                return garbageQuery(random);
            }
            if (pick < 96) {
                return registration("other endpoint", "ep=" + randomEndpoint(random) + "&lt=3600&lwm2m=1.1&b=U",
                        LINKS, true);
            }
            return registration("re-registration", "ep=node-1&lt=" + (60 + random.nextInt(86_400)) + "&lwm2m=1.1&b=U",
                    LINKS, false);
        }

        private static Case send(String kind, byte[] payload) {
            return send(kind, payload, true);
        }

        private static Case send(String kind, byte[] payload, boolean mustRefuse) {
            return new Case(kind, mustRefuse, false, null, payload);
        }

        private static Case registration(String kind, String query, String links, boolean mustRefuse) {
            return new Case(kind, mustRefuse, true, query, links.getBytes(StandardCharsets.UTF_8));
        }

        static String randomEndpoint(Random random) {
            return "ep-" + Long.toHexString(random.nextLong());
        }

        private static String garbage(Random random, String chars, int maxLength) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(maxLength);
            for (int i = 0; i < length; i++) {
                b.append(chars.charAt(random.nextInt(chars.length())));
            }
            return b.toString();
        }

        private static Case garbageQuery(Random random) {
            String[] lt = {"-1", "0", "abc", "99999999999999999999", "1e9", "", " 60"};
            String[] lwm2m = {"0.9", "9.9", "", "1.1.1", "x", "1.0"};
            String[] binding = {"Z", "", "UUUUUUUU", "U;Q", "\u00ff", "T"};
            int variant = random.nextInt(5);
            String query = switch (variant) {
                case 0 -> "lt=3600&lwm2m=1.1&b=U";
                case 1 -> "ep=node-1&lt=" + lt[random.nextInt(lt.length)] + "&lwm2m=1.1&b=U";
                case 2 -> "ep=node-1&lt=3600&lwm2m=" + lwm2m[random.nextInt(lwm2m.length)] + "&b=U";
                case 3 -> "ep=node-1&lt=3600&lwm2m=1.1&b=" + binding[random.nextInt(binding.length)];
                default -> garbage(random, QUERY_CHARS, 120);
            };
            // Only the well-formed base query with a valid lwm2m version is allowed through.
            return registration("garbage query", query, LINKS, variant != 2 || !"1.0".equals(
                    query.substring(query.indexOf("lwm2m=") + 6, query.indexOf("&b="))));
        }

        private static byte[] wrongType(Random random, Instant now) {
            CBORObject t = CBORObject.FromObject(now.getEpochSecond());
            return switch (random.nextInt(7)) {
                case 0 -> CBORObject.FromObject(random.nextLong()).EncodeToBytes();
                case 1 -> CBORObject.FromObject("not senml").EncodeToBytes();
                case 2 -> SenMl.record("/3305/0/", "5800", CBORObject.FromObject(1.0), SenMl.V, t).EncodeToBytes();
                case 3 -> {
                    CBORObject a = CBORObject.NewArray();
                    a.Add(1).Add(2).Add("three");
                    yield a.EncodeToBytes();
                }
                case 4 -> SenMl.one("/3305/0/", "5800", CBORObject.FromObject("twelve"), SenMl.V, t);
                case 5 -> SenMl.one("/3305/0/", "5800", CBORObject.FromObject(1.0), SenMl.V,
                        CBORObject.FromObject("yesterday"));
                default -> {
                    CBORObject r = CBORObject.NewMap();
                    r.Add(SenMl.N, CBORObject.FromObject(5800));
                    r.Add(SenMl.BN, CBORObject.FromObject(new byte[] {1, 2}));
                    r.Add(SenMl.V, CBORObject.FromObject(1.0));
                    CBORObject a = CBORObject.NewArray();
                    a.Add(r);
                    yield a.EncodeToBytes();
                }
            };
        }

        private static byte[] bomb(Random random) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int depth = 1 + random.nextInt(4_000);
            int kind = random.nextInt(3);
            for (int i = 0; i < depth; i++) {
                b.write(kind == 0 ? 0x9f : kind == 1 ? 0xbf : 0x5f);
                if (kind == 2) {
                    b.write(0x41);
                    b.write(i);
                }
            }
            if (random.nextBoolean()) {
                b.write(0xff);
            }
            return b.toByteArray();
        }

        private static byte[] deep(Random random) {
            int depth = 100 + random.nextInt(8_000);
            byte[] b = new byte[depth + 1];
            Arrays.fill(b, 0, depth, (byte) (random.nextBoolean() ? 0x81 : 0xa1));
            if ((b[0] & 0xff) == 0xa1) {
                // maps of one pair: key 0 then the next level as the value
                ByteArrayOutputStream m = new ByteArrayOutputStream();
                for (int i = 0; i < depth / 2; i++) {
                    m.write(0xa1);
                    m.write(0x00);
                }
                m.write(0x00);
                return m.toByteArray();
            }
            b[depth] = 0x00;
            return b;
        }

        private static byte[] outOfWindow(Random random, Instant now) {
            CBORObject t = switch (random.nextInt(5)) {
                case 0 -> CBORObject.FromObject(now.getEpochSecond() + 86_400L * (2 + random.nextInt(100_000)));
                case 1 -> CBORObject.FromObject(300_000_000L + random.nextInt(640_000_000));
                case 2 -> CBORObject.FromObject(1e300);
                case 3 -> CBORObject.FromObject(-1e18);
                default -> CBORObject.FromObject(Long.MAX_VALUE);
            };
            return SenMl.one("/3305/0/", "5800", CBORObject.FromObject(1.5), SenMl.V, t);
        }
    }

}
