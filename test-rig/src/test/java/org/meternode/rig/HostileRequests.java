package org.meternode.rig;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.eclipse.californium.core.coap.Request;

/**
 * Seeded hostile LwM2M requests a server could send a node, as raw CoAP so that undecodable bodies
 * reach it: wrong types and out-of-range values in every content format, huge and garbage bodies,
 * absent instances and resources, garbage write-attributes, creates and deletes of fixed instances,
 * and executes with arguments where none (or other ones) are expected. Every case must be refused:
 * none is a valid request by construction (no value here is one the node's rules accept).
 */
final class HostileRequests {
    /** A request and the words that describe it in a failure message. */
    record Case(String describe, Request request) {
    }

    private enum Type { INT, BOOL, FLOAT, STRING, URI, TIME, OPAQUE }

    private record Target(String path, Type type, List<String> bad) {
    }

    static final int TEXT = 0;
    static final int LINK = 40;
    static final int OPAQUE = 42;
    static final int JSON = 50;
    static final int CBOR = 60;
    static final int SENML_JSON = 110;
    static final int SENML_CBOR = 112;
    static final int TLV = 11542;
    static final int LWM2M_JSON = 11543;
    private static final int[] FORMATS = {TEXT, LINK, OPAQUE, JSON, CBOR, SENML_JSON, SENML_CBOR, TLV, LWM2M_JSON, 9999,
            65000};

    private static final List<String> NEGATIVE = List.of("-1", "-300", "-86400", "-9223372036854775808");
    private static final List<String> NOT_A_NUMBER = List.of("abc", "1.5e", "", " ", "300abc", "0x10", "1,5",
            "99999999999999999999999999", "NaN", "--1", "\u0000", "3\u00000");

    private final Random random;
    private final List<Target> writable = new ArrayList<>();
    private final List<String> absent = new ArrayList<>();

    HostileRequests(Random random, int channels) {
        this.random = random;
        List<String> badInterval = concat(NEGATIVE, NOT_A_NUMBER, List.of("0", "420", "7", "1000000000000"));
        writable.add(new Target("32500/0/0", Type.INT, badInterval));
        writable.add(new Target("32500/0/1", Type.INT, concat(NEGATIVE, NOT_A_NUMBER)));
        writable.add(new Target("32500/0/2", Type.INT, concat(NEGATIVE, NOT_A_NUMBER)));
        writable.add(new Target("32500/0/3", Type.BOOL, concat(NOT_A_NUMBER, List.of("2", "-1", "yes", "truee", "10"))));
        for (int i = 0; i < channels; i++) {
            writable.add(new Target("32501/" + i + "/2", Type.BOOL, List.of("2", "yes", "abc", "-1", "", "17")));
            writable.add(new Target("32501/" + i + "/3", Type.FLOAT,
                    // Bad for every channel kind: pulse constants are (0, 1e6], clamp calibration 0.5..2.
                    concat(NOT_A_NUMBER, List.of("1e7", "-1", "0", "Infinity", "-Infinity", "1e400", "1e-400x", "1e308"))));
        }
        writable.add(new Target("1/0/1", Type.INT, concat(NEGATIVE, NOT_A_NUMBER, List.of("0"))));
        writable.add(new Target("1/0/2", Type.INT, concat(NEGATIVE, NOT_A_NUMBER)));
        writable.add(new Target("1/0/3", Type.INT, concat(NEGATIVE, NOT_A_NUMBER)));
        writable.add(new Target("1/0/5", Type.INT, concat(NEGATIVE, NOT_A_NUMBER)));
        writable.add(new Target("1/0/6", Type.BOOL, List.of("2", "yes", "abc", "")));
        writable.add(new Target("1/0/7", Type.STRING, List.of("XYZ", "", "UUUUUU", "T\u0000", "0", "🙂")));
        writable.add(new Target("3/0/13", Type.TIME, concat(NEGATIVE, NOT_A_NUMBER, List.of("1700000000"))));
        writable.add(new Target("3/0/14", Type.STRING, List.of("+99:00", "garbage", "", "UTC+", "+25", "\u0000")));
        writable.add(new Target("3/0/15", Type.STRING, List.of("Mars/Olympus", "", "../../etc/passwd", "Europe/",
                "GMT+99", "\u0000")));
        writable.add(new Target("5/0/1", Type.URI, List.of("coaps://[bad", "ftp://head-end/fw", "not a uri", "coaps://",
                "coaps:///nohost", "//head-end/x", "coaps://head-end:99999/x", "\u0000")));
        for (String p : List.of("0/0/0", "0/0/2", "0/0/3", "0/0/5", "0/0/10", "0/0/12")) {
            writable.add(new Target(p, Type.STRING, List.of("coaps://evil:5684", "0", "abc")));
        }
        for (String p : List.of("3/0/0", "3/0/2", "3/0/3", "32500/0/4", "32500/0/9", "32501/0/0", "32501/0/1",
                "26250/0/0", "26250/0/3", "4/0/0", "4/0/4", "5/0/3", "5/0/5", "3331/0/5700")) {
            writable.add(new Target(p, Type.STRING, List.of("x", "1", "-1")));
        }
        absent.addAll(List.of("32501/" + channels + "/3", "32501/99/2", "32501/65535/3", "3/1/14", "3/0/999",
                "32500/0/99", "32500/1/0", "1/7/1", "1/0/9999", "99999/0/0", "26250/5/0", "5/1/1", "4/3/0",
                "3331/77/5700", "65535/65535/65535", "32502/0/0"));
    }

    Case next() {
        int pick = random.nextInt(100);
        if (pick < 30) {
            return wrongValue();
        }
        if (pick < 50) {
            return garbageBody();
        }
        if (pick < 52) {
            return huge();
        }
        if (pick < 60) {
            return absentWrite();
        }
        if (pick < 70) {
            return writeAttributes();
        }
        if (pick < 78) {
            return create();
        }
        if (pick < 86) {
            return delete();
        }
        return execute();
    }

    /** A well-formed body with a wrong type or a value the node's rules refuse. */
    private Case wrongValue() {
        Target t = one(writable);
        String value = one(t.bad());
        int format = new int[] {TEXT, TLV, SENML_JSON, LWM2M_JSON, OPAQUE}[random.nextInt(5)];
        if (format == TLV && (t.type() == Type.INT || t.type() == Type.FLOAT) && !value.matches("-?\\d+")) {
            format = TEXT; // text bytes under TLV are read as a (valid) big-endian integer, or a float
        }
        if (format == TLV && t.type() == Type.BOOL && value.equals("\u0000")) {
            format = TEXT; // one byte 0 under TLV is a valid false
        }
        return write(t.path(), format, encode(t.path(), value, format), "bad value '" + printable(value) + "'");
    }

    /** Random or mutated bytes under a random content format. */
    private Case garbageBody() {
        Target t = one(writable);
        int format = FORMATS[random.nextInt(FORMATS.length)];
        byte[] body;
        if (random.nextBoolean()) {
            body = new byte[random.nextInt(300)];
            random.nextBytes(body);
        } else {
            body = encode(t.path(), one(t.bad()), one(List.of(TEXT, TLV, SENML_JSON, LWM2M_JSON)));
            body = body.length == 0 ? new byte[] {(byte) 0xff} : body;
            for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                body[random.nextInt(body.length)] = (byte) random.nextInt(256);
            }
            if (random.nextBoolean()) {
                body = Arrays.copyOf(body, random.nextInt(body.length + 1));
            }
        }
        String path = random.nextInt(4) == 0 ? parent(t.path()) : t.path();
        return write(path, format, body, "garbage " + body.length + " B");
    }

    /** 64 KB and more: strings and opaque. */
    private Case huge() {
        Target t = one(writable);
        int size = 65_536 + random.nextInt(16_384);
        byte[] body = new byte[size];
        if (random.nextBoolean()) {
            Arrays.fill(body, (byte) 'a');
        } else {
            random.nextBytes(body);
        }
        int format = new int[] {TEXT, OPAQUE, TLV, SENML_JSON}[random.nextInt(4)];
        return write(t.path(), format, body, "huge " + size + " B");
    }

    private Case absentWrite() {
        String path = one(absent);
        String value = one(List.of("1", "1.5", "true", "abc", "300"));
        int format = new int[] {TEXT, TLV, SENML_JSON}[random.nextInt(3)];
        return write(path, format, encode(path, value, format), "absent path");
    }

    private Case writeAttributes() {
        String path = random.nextInt(5) == 0 ? one(absent) : one(writable).path();
        Request r = Request.newPut();
        r.getOptions().setUriPath(path);
        List<String> garbage = List.of("pmin=abc", "pmax=-5", "gt=NaN", "lt=1e999", "st=-1", "epmin=x", "epmax=-1",
                "foo=bar", "pmin=", "=5", "gt=1&lt=1&st=5&foo", "pmin=99999999999999999999", "edge=7",
                "con=9", "hqmax=-2", "pmin=1&pmin=2", "\u0000=\u0000");
        int n = 1 + random.nextInt(3);
        StringBuilder what = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String q = random.nextInt(6) == 0 ? randomText(1 + random.nextInt(40)) : one(garbage);
            if (path.startsWith("32501/99") || absent.contains(path)) {
                q = one(List.of("pmin=5", q));
            }
            r.getOptions().addUriQuery(q);
            what.append(printable(q)).append(' ');
        }
        return new Case("write-attributes " + path + " ?" + what, r);
    }

    private Case create() {
        String object = one(List.of("3", "4", "32500", "32501", "26250", "1", "5", "3331", "3305", "0", "99999"));
        Request r = Request.newPost();
        r.getOptions().setUriPath(object);
        int format = one(List.of(TLV, SENML_JSON, SENML_CBOR, TEXT, 9999));
        r.getOptions().setContentFormat(format);
        byte[] body;
        if (format == TLV && random.nextBoolean()) {
            // An instance 7 with resource 0 = "x": well formed, still not allowed.
            body = new byte[] {0x08, 0x07, 0x03, (byte) 0xc1, 0x00, 'x'};
        } else if (format == SENML_JSON && random.nextBoolean()) {
            body = utf8("[{\"bn\":\"/" + object + "/7/\",\"n\":\"0\",\"vs\":\"x\"}]");
        } else {
            body = new byte[random.nextInt(64)];
            random.nextBytes(body);
        }
        r.setPayload(body);
        return new Case("create /" + object + " cf " + format, r);
    }

    private Case delete() {
        String path = one(List.of("32501/0", "32501/1", "3/0", "1/0", "32500/0", "26250/0", "5/0", "4/0", "3331/0",
                "0/0", "0/1", "32501", "3", "1", "3/0/14", "32500/0/0", "32501/99", "99999/0", ""));
        Request r = Request.newDelete();
        if (!path.isEmpty()) {
            r.getOptions().setUriPath(path);
        }
        return new Case("delete /" + path, r);
    }

    /**
     * Executes with arguments where none are expected (reboot, reset error codes, registration update,
     * disable, firmware update, cancel), arguments other than 0='wipe' to factory reset, and executes
     * of resources that are not executable. No case is a valid execute.
     */
    private Case execute() {
        Request r = Request.newPost();
        boolean notExecutable = random.nextInt(4) == 0;
        String path = notExecutable
                ? one(List.of("3/0/0", "3/0/14", "32500/0/0", "32500/0/3", "32501/0/2", "26250/0/0", "1/0/1", "4/0/0",
                        "5/0/3", "3331/0/5700", "5/0/1"))
                : one(List.of("3/0/4", "3/0/5", "3/0/12", "1/0/8", "1/0/4", "1/0/9", "5/0/2", "5/0/10"));
        r.getOptions().setUriPath(path);
        byte[] args;
        int kind = random.nextInt(6);
        if (kind == 0) {
            args = new byte[1 + random.nextInt(100)];
            random.nextBytes(args);
        } else if (kind == 1) {
            args = utf8("0='" + "x".repeat(65_536) + "'");
        } else {
            args = utf8(one(List.of("0", "0='x'", "1='wipe'", "0='wipe',0='wipe'", "0=wipe", "garbage", "9='a'",
                    "0='wipe'junk", "0='',1", "5", "0='\u0000'", "10='wipe'", "0='WIPE'", "0=''", ",", "0='wipe',1='x'")));
        }
        if (notExecutable && random.nextBoolean()) {
            args = new byte[0];
        }
        if (random.nextBoolean() && args.length > 0) {
            r.getOptions().setContentFormat(TEXT);
        }
        r.setPayload(args);
        return new Case("execute /" + path + " args " + (args.length > 80 ? args.length + " B"
                : "'" + printable(new String(args, StandardCharsets.UTF_8)) + "'"), r);
    }

    private Case write(String path, int format, byte[] body, String what) {
        Request r = random.nextBoolean() || path.split("/").length == 3 && random.nextBoolean()
                ? Request.newPut() : Request.newPost();
        r.getOptions().setUriPath(path);
        r.getOptions().setContentFormat(format);
        r.setPayload(body);
        return new Case(r.getCode() + " /" + path + " cf " + format + " " + what, r);
    }

    /** The value in one of the formats the node decodes, with the type the text suggests. */
    private byte[] encode(String path, String value, int format) {
        String[] p = path.split("/");
        int resource = Integer.parseInt(p[p.length - 1]);
        return switch (format) {
            case TLV -> tlvResource(resource, tlvValue(value));
            case SENML_JSON -> utf8("[{\"n\":\"/" + path + "\"," + senmlValue(value) + "}]");
            case LWM2M_JSON -> utf8("{\"bn\":\"/" + parent(path) + "/\",\"e\":[{\"n\":\"" + resource + "\","
                    + senmlValue(value).replace("\"vs\"", "\"sv\"").replace("\"vb\"", "\"bv\"") + "}]}");
            default -> utf8(value);
        };
    }

    private String senmlValue(String value) {
        if (value.matches("-?\\d+(\\.\\d+)?([eE]-?\\d+)?") && random.nextBoolean()) {
            return "\"v\":" + value;
        }
        // No "vb": a boolean is a valid value for the boolean targets.
        return switch (random.nextInt(3)) {
            case 0 -> "\"vd\":\"" + java.util.Base64.getEncoder().encodeToString(utf8(value)) + "\"";
            default -> "\"vs\":\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\u0000", "\\u0000") + "\"";
        };
    }

    private byte[] tlvValue(String value) {
        if (value.matches("-?\\d{1,18}")) { // as text bytes, "-1" would be the valid integer 0x2d31
            long v = Long.parseLong(value);
            int len = new int[] {1, 2, 4, 8, 3, 5}[random.nextInt(6)];
            byte[] b = new byte[len];
            for (int i = 0; i < len; i++) {
                b[len - 1 - i] = (byte) (v >> (8 * i));
            }
            return b;
        }
        return utf8(value);
    }

    /** One TLV resource: type 11 (resource with value), 16-bit id, 16- or 24-bit length. */
    static byte[] tlvResource(int id, byte[] value) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        boolean wideId = id > 255;
        int lengthBytes = value.length > 0xffff ? 3 : value.length > 0xff ? 2 : 1;
        out.write(0xc0 | (wideId ? 0x20 : 0) | (lengthBytes << 3));
        if (wideId) {
            out.write(id >> 8);
        }
        out.write(id);
        for (int i = lengthBytes - 1; i >= 0; i--) {
            out.write(value.length >> (8 * i));
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static String parent(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }

    private String randomText(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append((char) (0x20 + random.nextInt(0x5f)));
        }
        return b.toString();
    }

    private <T> T one(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..(" + s.length() + ")" : s;
        return t.replace("\u0000", "\\0");
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> out = new ArrayList<>();
        for (List<String> l : lists) {
            out.addAll(l);
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
