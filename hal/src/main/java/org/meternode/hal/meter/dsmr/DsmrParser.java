package org.meternode.hal.meter.dsmr;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.meternode.hal.meter.ChecksumException;
import org.meternode.hal.meter.Crc16;
import org.meternode.hal.meter.DecodingException;

/** Strict, single-use parser behind {@link DsmrTelegram#decode(byte[])}. */
final class DsmrParser {
    private static final Pattern OBIS = Pattern.compile("\\d{1,3}-\\d{1,3}:\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}([.*]\\d{1,3})?");
    private static final Pattern NUMBER = Pattern.compile("(-?\\d+(?:\\.\\d+)?)(?:\\*([A-Za-z0-9]+))?");
    private static final Pattern TIMESTAMP = Pattern.compile("(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})([SW])?");
    private static final ZoneOffset SUMMER = ZoneOffset.ofHours(2);
    private static final ZoneOffset WINTER = ZoneOffset.ofHours(1);
    /** DSMR 2.2 timestamps carry no S/W flag; the standard is Dutch, so local time is Amsterdam time. */
    private static final ZoneId DUTCH_TIME = ZoneId.of("Europe/Amsterdam");

    private final byte[] b;

    DsmrParser(byte[] telegram) {
        this.b = telegram;
    }

    DsmrTelegram parse() throws DecodingException {
        if (b.length == 0 || b[0] != '/') {
            throw new DecodingException("telegram does not start with '/'", 0);
        }
        int bang = indexOf('!');
        if (bang < 0) {
            throw new DecodingException("no '!' end marker: telegram truncated", b.length);
        }
        checkCharacters(bang);
        boolean crcChecked = checkTail(bang);
        int headerEnd = indexOf('\r');
        if (headerEnd < 0 || headerEnd > bang) {
            throw new DecodingException("identification line does not end with CR LF before '!'", 1);
        }
        String header = ascii(1, headerEnd);
        checkHeader(header);
        List<RawObject> raw = splitObjects(headerEnd + 2, bang);
        return interpret(header, raw, crcChecked, bang);
    }

    private int indexOf(char c) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Printable ASCII and CR LF pairs only, up to '!'. */
    private void checkCharacters(int bang) throws DecodingException {
        for (int i = 0; i < bang; i++) {
            int c = b[i] & 0xFF;
            if (c == '\r') {
                if (i + 1 >= bang || b[i + 1] != '\n') {
                    throw new DecodingException("CR not followed by LF", i);
                }
                i++;
            } else if (c == '\n') {
                throw new DecodingException("LF without CR", i);
            } else if (c < 0x20 || c > 0x7E) {
                throw new DecodingException(String.format("byte 0x%02X is not printable ASCII", c), i);
            } else if (c == '/' && i > 0) {
                throw new DecodingException("'/' inside the telegram: a new telegram started", i);
            }
        }
        if (bang < 2 || b[bang - 2] != '\r' || b[bang - 1] != '\n') {
            throw new DecodingException("'!' is not at the start of a line", bang);
        }
    }

    /** After '!': nothing, CR LF, or four hex digits of CRC and an optional CR LF. Returns whether a CRC was checked. */
    private boolean checkTail(int bang) throws DecodingException {
        int rest = b.length - bang - 1;
        if (rest == 0 || rest == 2 && b[bang + 1] == '\r' && b[bang + 2] == '\n') {
            return false;
        }
        if (rest != 4 && rest != 6) {
            throw new DecodingException("after '!' expected 4 hex CRC digits and CR LF, found " + rest + " bytes", bang + 1);
        }
        int said = 0;
        for (int i = bang + 1; i < bang + 5; i++) {
            int digit = Character.digit(b[i], 16);
            if (digit < 0) {
                throw new DecodingException("CRC digit '" + (char) (b[i] & 0xFF) + "' is not hexadecimal", i);
            }
            said = said << 4 | digit;
        }
        if (rest == 6 && (b[bang + 5] != '\r' || b[bang + 6] != '\n')) {
            throw new DecodingException("CRC not followed by CR LF", bang + 5);
        }
        int computed = Crc16.arc(b, 0, bang + 1);
        if (computed != said) {
            throw new ChecksumException(String.format("CRC mismatch: telegram says %04X, bytes give %04X", said, computed),
                    bang + 1);
        }
        return true;
    }

    private static void checkHeader(String header) throws DecodingException {
        if (header.length() < 5 || header.length() > 96) {
            throw new DecodingException("identification '/" + header + "' is not 5 to 96 characters", 1);
        }
        for (int i = 0; i < 3; i++) {
            if (!Character.isLetter(header.charAt(i))) {
                throw new DecodingException("manufacturer code '" + header.substring(0, 3) + "' is not three letters", 1 + i);
            }
        }
    }

    private List<RawObject> splitObjects(int start, int bang) throws DecodingException {
        List<RawObject> objects = new ArrayList<>();
        RawObject last = null;
        int i = start;
        while (i < bang) {
            if (b[i] == '\r') {
                i += 2;
                last = null;
                continue;
            }
            RawObject current;
            if (b[i] == '(') {
                if (last == null) {
                    throw new DecodingException("value line does not continue an object line", i);
                }
                current = last;
            } else {
                int open = i;
                while (open < bang && b[open] != '(' && b[open] != '\r') {
                    open++;
                }
                String obis = ascii(i, open);
                if (!OBIS.matcher(obis).matches()) {
                    throw new DecodingException("'" + obis + "' is not an OBIS code", i);
                }
                if (b[open] != '(') {
                    throw new DecodingException("object " + obis + " has no value", open);
                }
                current = new RawObject(obis, i);
                objects.add(current);
                i = open;
            }
            i = readValues(current, i, bang);
            if (b[i] != '\r') {
                throw new DecodingException("unexpected '" + (char) b[i] + "' after the values of " + current.obis, i);
            }
            i += 2;
            last = current;
        }
        return objects;
    }

    /** Reads "(..)(..)" starting at '('; a CR LF inside parentheses is a line wrap and is dropped. */
    private int readValues(RawObject object, int i, int bang) throws DecodingException {
        while (b[i] == '(') {
            StringBuilder value = new StringBuilder();
            int k = i + 1;
            while (k < bang && b[k] != ')') {
                if (b[k] == '(') {
                    throw new DecodingException("'(' inside a value of " + object.obis, k);
                }
                if (b[k] == '\r') {
                    k += 2;
                    continue;
                }
                value.append((char) b[k]);
                k++;
            }
            if (k >= bang) {
                throw new DecodingException("value of " + object.obis + " not closed by ')'", i);
            }
            object.values.add(value.toString());
            object.valueOffsets.add(i + 1);
            i = k + 1;
        }
        return i;
    }

    private DsmrTelegram interpret(String header, List<RawObject> raw, boolean crcChecked, int bang)
            throws DecodingException {
        List<DsmrObject> objects = new ArrayList<>(raw.size());
        List<DsmrPowerFailure> failures = new ArrayList<>();
        Optional<OffsetDateTime> timestamp = Optional.empty();
        Optional<String> version = Optional.empty();
        Optional<String> emucsVersion = Optional.empty();
        for (RawObject o : raw) {
            Optional<DsmrObis> known = DsmrObis.lookup(o.obis);
            Optional<DsmrValue> value = Optional.empty();
            if (known.isEmpty()) {
                value = lenientValue(o);
            } else {
                switch (known.get().shape()) {
                    case NUMBER -> value = Optional.of(number(o, 0, Optional.empty()));
                    case TEXT -> o.expectValues(1);
                    case TIMESTAMP -> {
                        o.expectValues(1);
                        if (timestamp.isEmpty() && known.get() == DsmrObis.TIMESTAMP) {
                            timestamp = Optional.of(timestamp(o, 0));
                        } else {
                            timestamp(o, 0);
                        }
                    }
                    case TIMESTAMPED_VALUE -> {
                        o.expectValues(2);
                        value = Optional.of(number(o, 1, Optional.of(timestamp(o, 0))));
                    }
                    case LEGACY_GAS -> value = Optional.of(legacyGas(o));
                    case EVENT_LOG -> failures.addAll(eventLog(o));
                    case RAW -> { }
                }
                if (known.get() == DsmrObis.VERSION && version.isEmpty()) {
                    version = Optional.of(o.values.get(0));
                }
                if (known.get() == DsmrObis.EMUCS_VERSION && emucsVersion.isEmpty()) {
                    emucsVersion = Optional.of(o.values.get(0));
                }
            }
            objects.add(new DsmrObject(o.obis, o.values, value, o.offset));
        }
        Optional<String> p1Version = version.isPresent() ? version : emucsVersion;
        if (!crcChecked && requiresCrc(version, emucsVersion)) {
            throw new DecodingException("P1 version " + p1Version.orElseThrow() + " telegram has no CRC", bang + 1);
        }
        return new DsmrTelegram(header, p1Version, timestamp, objects, failures, crcChecked);
    }

    /** DSMR 4 and later, and every e-MUCS telegram, must end with a CRC. */
    private static boolean requiresCrc(Optional<String> version, Optional<String> emucsVersion) {
        if (emucsVersion.isPresent()) {
            return true;
        }
        return version.filter(v -> v.matches("\\d{1,3}") && Integer.parseInt(v) >= 40).isPresent();
    }

    private static Optional<DsmrValue> lenientValue(RawObject o) {
        if (o.values.size() == 1) {
            return parseNumber(o.values.get(0)).map(m -> toValue(m, Optional.empty()));
        }
        if (o.values.size() == 2 && TIMESTAMP.matcher(o.values.get(0)).matches()
                && o.values.get(0).length() == 13) {
            try {
                OffsetDateTime at = timestamp(o, 0);
                return parseNumber(o.values.get(1)).map(m -> toValue(m, Optional.of(at)));
            } catch (DecodingException notADate) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static DsmrValue number(RawObject o, int index, Optional<OffsetDateTime> at) throws DecodingException {
        if (at.isEmpty()) {
            o.expectValues(1);
        }
        String text = o.values.get(index);
        Matcher m = parseNumber(text).orElseThrow(() -> new DecodingException(
                o.obis + ": value '" + text + "' is not a number with optional *unit", o.valueOffsets.get(index)));
        return toValue(m, at);
    }

    private static Optional<Matcher> parseNumber(String text) {
        Matcher m = NUMBER.matcher(text);
        return m.matches() ? Optional.of(m) : Optional.empty();
    }

    private static DsmrValue toValue(Matcher m, Optional<OffsetDateTime> at) {
        return new DsmrValue(new BigDecimal(m.group(1)), m.group(2) == null ? "" : m.group(2), at);
    }

    private static OffsetDateTime timestamp(RawObject o, int index) throws DecodingException {
        String text = o.values.get(index);
        Matcher m = TIMESTAMP.matcher(text);
        if (!m.matches() || m.group(7) == null) {
            throw new DecodingException(o.obis + ": '" + text + "' is not a YYMMDDhhmmssX timestamp",
                    o.valueOffsets.get(index));
        }
        LocalDateTime local = localDateTime(o, index, m);
        return local.atOffset("S".equals(m.group(7)) ? SUMMER : WINTER);
    }

    private static LocalDateTime localDateTime(RawObject o, int index, Matcher m) throws DecodingException {
        try {
            return LocalDateTime.of(2000 + Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)));
        } catch (DateTimeException e) {
            throw new DecodingException(o.obis + ": '" + o.values.get(index) + "' is not a valid date and time",
                    o.valueOffsets.get(index), e);
        }
    }

    /** DSMR 2.2: (YYMMDDhhmmss)(00)(60)(1)(0-1:24.2.1)(m3) then (00124.477) on the next line. */
    private static DsmrValue legacyGas(RawObject o) throws DecodingException {
        o.expectValues(7);
        Matcher m = TIMESTAMP.matcher(o.values.get(0));
        if (!m.matches() || m.group(7) != null) {
            throw new DecodingException(o.obis + ": '" + o.values.get(0) + "' is not a YYMMDDhhmmss timestamp",
                    o.valueOffsets.get(0));
        }
        OffsetDateTime at = localDateTime(o, 0, m).atZone(DUTCH_TIME).toOffsetDateTime();
        String text = o.values.get(6);
        Matcher number = parseNumber(text).filter(n -> n.group(2) == null).orElseThrow(() -> new DecodingException(
                o.obis + ": value '" + text + "' is not a number", o.valueOffsets.get(6)));
        return new DsmrValue(new BigDecimal(number.group(1)), o.values.get(5), Optional.of(at));
    }

    /** (count)(0-0:96.7.19) then count pairs (end of failure)(duration*s). */
    private static List<DsmrPowerFailure> eventLog(RawObject o) throws DecodingException {
        if (o.values.size() < 2 || !o.values.get(0).matches("\\d{1,3}")) {
            throw new DecodingException(o.obis + ": event log does not start with (count)(obis)", o.offset);
        }
        int count = Integer.parseInt(o.values.get(0));
        o.expectValues(2 + 2 * count);
        List<DsmrPowerFailure> failures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            OffsetDateTime end = timestamp(o, 2 + 2 * i);
            DsmrValue seconds = number(o, 3 + 2 * i, Optional.of(end));
            if (!"s".equals(seconds.unit()) || seconds.value().scale() > 0 || seconds.value().precision() > 18) {
                throw new DecodingException(o.obis + ": duration '" + o.values.get(3 + 2 * i) + "' is not whole seconds",
                        o.valueOffsets.get(3 + 2 * i));
            }
            failures.add(new DsmrPowerFailure(end, Duration.ofSeconds(seconds.value().longValueExact())));
        }
        return failures;
    }

    private String ascii(int from, int to) {
        return new String(b, from, to - from, StandardCharsets.US_ASCII);
    }

    private static final class RawObject {
        final String obis;
        final int offset;
        final List<String> values = new ArrayList<>();
        final List<Integer> valueOffsets = new ArrayList<>();

        RawObject(String obis, int offset) {
            this.obis = obis;
            this.offset = offset;
        }

        void expectValues(int count) throws DecodingException {
            if (values.size() != count) {
                throw new DecodingException(obis + " has " + values.size() + " values, expected " + count, offset);
            }
        }
    }
}
