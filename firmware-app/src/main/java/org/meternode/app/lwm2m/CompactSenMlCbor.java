package org.meternode.app.lwm2m;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.numbers.EDecimal;
import com.upokecenter.numbers.EInteger;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.eclipse.leshan.senml.SenMLEncoder;
import org.eclipse.leshan.senml.SenMLException;
import org.eclipse.leshan.senml.SenMLPack;
import org.eclipse.leshan.senml.SenMLRecord;

/**
 * Writes a SenML pack as small SenML-CBOR (RFC 8428) that Leshan's unchanged decoder reads back into
 * the same names, times and values. Leshan's own serializer repeats the full base name and a tag-4
 * base time on every node's record and writes most values as float64; here a base time is written
 * only where it changes (a plain integer for whole seconds), one base name holds the prefix the names
 * share, when that is shorter, and each number takes its shortest exact form. The CBOR items are
 * written by the CBOR library Leshan uses (upokecenter), with its streaming writers.
 */
final class CompactSenMlCbor implements SenMLEncoder {
    // SenML-CBOR labels, RFC 8428 section 6.
    private static final int BASE_NAME = -2;
    private static final int BASE_TIME = -3;
    private static final int NAME = 0;
    private static final int VALUE = 2;
    private static final int STRING_VALUE = 3;
    private static final int BOOLEAN_VALUE = 4;
    private static final int DATA_VALUE = 8;
    /** LwM2M's label for an object link value (Leshan writes it, and reads it, as text). */
    private static final String OBJLNK_VALUE = "vlo";
    private static final int CBOR_ARRAY = 4;
    private static final int CBOR_MAP = 5;

    @Override
    public byte[] toSenML(SenMLPack pack) throws SenMLException {
        if (pack == null) {
            return null;
        }
        List<Entry> entries = resolve(pack.getRecords());
        String shared = sharedPrefix(entries);
        // Each longer base name saves a byte per record but costs its own bytes (and text headers
        // grow at 24 characters): try every length and keep the shortest pack, the empty one first.
        byte[] smallest = write(entries, "");
        for (int length = 1; length <= shared.length(); length++) {
            byte[] candidate = write(entries, shared.substring(0, length));
            if (candidate.length < smallest.length) {
                smallest = candidate;
            }
        }
        return smallest;
    }

    /**
     * One record with its full name and time resolved (RFC 8428 section 4.6: base values carry over
     * to later records) and its value already encoded, label included.
     */
    private record Entry(String name, BigDecimal time, byte[] value) {
    }

    /**
     * Resolves names and times as a SenML reader does, without Leshan's {@code SenMLResolver}, which
     * turns times below 2^28 into offsets from its own clock: the reader's "now", not the writer's.
     */
    private static List<Entry> resolve(List<SenMLRecord> records) throws SenMLException {
        List<Entry> entries = new ArrayList<>(records.size());
        String baseName = "";
        BigDecimal baseTime = null;
        for (SenMLRecord r : records) {
            if (r.getBaseName() != null) {
                baseName = r.getBaseName();
            }
            if (r.getBaseTime() != null) {
                baseTime = r.getBaseTime();
            }
            String name = baseName + (r.getName() == null ? "" : r.getName());
            BigDecimal time = r.getTime() == null ? baseTime : baseTime == null ? r.getTime() : baseTime.add(r.getTime());
            entries.add(new Entry(name, time, encodedValue(r)));
        }
        return entries;
    }

    private static String sharedPrefix(List<Entry> entries) {
        if (entries.isEmpty()) {
            return "";
        }
        String prefix = entries.get(0).name();
        for (Entry e : entries) {
            int i = 0;
            int max = Math.min(prefix.length(), e.name().length());
            while (i < max && prefix.charAt(i) == e.name().charAt(i)) {
                i++;
            }
            prefix = prefix.substring(0, i);
        }
        // Never split a UTF-16 surrogate pair (names here are paths, ASCII, but the type allows more).
        return !prefix.isEmpty() && Character.isHighSurrogate(prefix.charAt(prefix.length() - 1))
                ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    private static byte[] write(List<Entry> entries, String baseName) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CBORObject.WriteValue(out, CBOR_ARRAY, entries.size());
            BigDecimal baseTime = null;
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                boolean withBaseName = i == 0 && !baseName.isEmpty();
                // Resolution carries times forward, so a record without time only comes before the first.
                boolean withBaseTime = e.time() != null && (baseTime == null || e.time().compareTo(baseTime) != 0);
                String name = e.name().substring(baseName.length());
                CBORObject.WriteValue(out, CBOR_MAP,
                        (withBaseName ? 1 : 0) + (withBaseTime ? 1 : 0) + (name.isEmpty() ? 0 : 1) + 1);
                if (withBaseName) {
                    CBORObject.Write(BASE_NAME, out);
                    CBORObject.Write(baseName, out);
                }
                if (withBaseTime) {
                    CBORObject.Write(BASE_TIME, out);
                    writeTime(e.time(), out);
                    baseTime = e.time();
                }
                if (!name.isEmpty()) {
                    CBORObject.Write(NAME, out);
                    CBORObject.Write(name, out);
                }
                out.write(e.value());
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
    }

    /** Whole seconds as an integer (5 bytes for today's epoch seconds); else a decimal fraction, as Leshan. */
    private static void writeTime(BigDecimal seconds, OutputStream out) throws IOException {
        BigDecimal exact = seconds.stripTrailingZeros();
        if (exact.scale() <= 0) {
            CBORObject.Write(exact.longValueExact(), out); // an Instant's seconds fit a long
        } else {
            CBORObject.Write(decimal(exact), out);
        }
    }

    private static byte[] encodedValue(SenMLRecord r) throws SenMLException {
        SenMLRecord.Type type = r.getType();
        if (type == null) {
            throw new SenMLException("Invalid SenML record : record must have a value (v,vb,vlo,vd,vs) : %s", r);
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            switch (type) {
            case NUMBER -> {
                CBORObject.Write(VALUE, out);
                out.write(number(r.getNumberValue()));
            }
            case STRING -> {
                CBORObject.Write(STRING_VALUE, out);
                CBORObject.Write(r.getStringValue(), out);
            }
            case BOOLEAN -> {
                CBORObject.Write(BOOLEAN_VALUE, out);
                CBORObject.Write(r.getBooleanValue().booleanValue(), out);
            }
            case OPAQUE -> {
                CBORObject.Write(DATA_VALUE, out);
                CBORObject.Write(CBORObject.FromObject(r.getOpaqueValue()), out);
            }
            case OBJLNK -> {
                CBORObject.Write(OBJLNK_VALUE, out);
                CBORObject.Write(r.getObjectLinkValue(), out);
            }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] number(Number n) throws SenMLException {
        if (n instanceof Double || n instanceof Float) {
            return smallestExact(n.doubleValue());
        }
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return CBORObject.FromObject(n.longValue()).EncodeToBytes();
        }
        if (n instanceof ULong u) {
            return CBORObject.FromObject(EInteger.FromInt64AsUnsigned(u.longValue())).EncodeToBytes();
        }
        if (n instanceof java.math.BigInteger b) {
            return CBORObject.FromObject(EInteger.FromString(b.toString())).EncodeToBytes();
        }
        if (n instanceof BigDecimal d) {
            return CBORObject.FromObject(decimal(d)).EncodeToBytes();
        }
        throw new SenMLException("Invalid SenML record : number of type %s is not supported (%s)",
                n.getClass().getName(), n);
    }

    /**
     * The shortest CBOR number that Leshan's SenML-CBOR decoder turns back into exactly {@code d}:
     * a half or single float when it holds {@code d} exactly, else a tag-4 decimal fraction of the
     * shortest decimal that reads back as {@code d} (12345.678 in 8 bytes) when that is shorter than
     * a float64. Not a CBOR integer, even for 924.0: for a Float resource that decoder refuses
     * integers (its SenML-CBOR number conversion is strict). Not a decimal fraction that a double
     * holds exactly either (0.5, 12345): the decoder reads those with {@code AsDoubleValue()}, which
     * throws for a decimal fraction, and the whole Send fails to decode.
     */
    static byte[] smallestExact(double d) {
        float single = (float) d;
        if (Double.doubleToRawLongBits(single) == Double.doubleToRawLongBits(d)) {
            short half = Float.floatToFloat16(single);
            return Float.floatToRawIntBits(Float.float16ToFloat(half)) == Float.floatToRawIntBits(single)
                    ? floatBits(half & 0xffff, 2) : floatBits(Float.floatToRawIntBits(single), 4);
        }
        // upokecenter shortens floats itself but writes 0.0 as a single float: widths are chosen here.
        byte[] wide = floatBits(Double.doubleToRawLongBits(d), 8);
        if (!Double.isFinite(d)) {
            return wide;
        }
        BigDecimal shortest = BigDecimal.valueOf(d).stripTrailingZeros(); // Double.toString: reads back as d
        if (new BigDecimal(d).compareTo(shortest) == 0) {
            return wide; // a binary fraction with no shorter exact decimal: see above
        }
        byte[] fraction = CBORObject.FromObject(decimal(shortest)).EncodeToBytes();
        return fraction.length < wide.length ? fraction : wide;
    }

    private static byte[] floatBits(long bits, int bytes) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 + bytes);
            CBORObject.WriteFloatingPointBits(out, bits, bytes);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EDecimal decimal(BigDecimal d) {
        return EDecimal.Create(EInteger.FromString(d.unscaledValue().toString()), EInteger.FromInt64(-(long) d.scale()));
    }
}
