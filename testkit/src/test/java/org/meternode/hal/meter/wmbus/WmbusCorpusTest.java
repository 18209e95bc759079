package org.meternode.hal.meter.wmbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.meternode.hal.meter.ChecksumException;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.GoldenCorpus;
import org.meternode.hal.meter.mbus.MbusRecord;

/**
 * Every {@code telegrams/wmbus-*.hex} file decodes with its Crc and Key headers to the address of its
 * Id line and to each value of its Expect lines; and the corrupted variants derived from each file
 * (bit flips in the encrypted part, a wrong key, truncation, a longer L-field, bad CRCs) are refused.
 * Failures name the file and the header line.
 */
class WmbusCorpusTest {
    private static final Pattern EXPECT = Pattern.compile(
            "# Expect: (\\S+)((?: tariff \\d+| storage \\d+| function [A-Z_]+)*) = (-?[0-9]+(?:\\.[0-9]+)?(?:[eE]-?[0-9]+)?)"
                    + "(?: (.*))?");
    private static final Pattern SELECTOR = Pattern.compile(" (tariff|storage|function) (\\S+)");
    private static final Pattern ID = Pattern.compile(
            "# Id: (\\S+)\\s+Manufacturer: (\\S+)\\s+Version: ([0-9A-Fa-f]{1,2})h?\\s+Type: ([0-9A-Fa-f]{1,2})h?\\s*");

    record Expectation(String where, String description, int tariff, long storage, MbusRecord.Function function,
            BigDecimal value, String unit) {
        boolean matches(MbusRecord r) {
            return r.description().equals(description) && r.tariff() == tariff && r.storage() == storage
                    && r.function() == function;
        }

        boolean hasValue(MbusRecord r) {
            return r.unit().equals(unit) && r.scaledValue().map(v -> v.compareTo(value) == 0).orElse(false);
        }
    }

    /** One corpus file's headers and frame. */
    record CorpusFile(String name, LinkCrc crc, String crcLine, Optional<byte[]> key, String id, String manufacturer,
            int version, int type, String idLine, List<Expectation> expectations, byte[] frame) {

        WmbusKeys keys() {
            // The file's key is the meter's, whichever address (link or long header) the meter is known by.
            return key.<WmbusKeys>map(k -> meterId -> Optional.of(k.clone())).orElse(WmbusKeys.none());
        }

        WmbusTelegram decode() throws DecodingException {
            return WmbusDecoder.decode(frame, crc, keys());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<CorpusFile> files() {
        List<CorpusFile> files = GoldenCorpus.names(".hex").stream().filter(n -> n.startsWith("wmbus-"))
                .map(WmbusCorpusTest::load).toList();
        assertThat(files).as("wmbus-*.hex corpus files").isNotEmpty();
        return files;
    }

    static List<CorpusFile> encryptedFiles() {
        return files().stream().filter(f -> f.key().isPresent()).toList();
    }

    static List<CorpusFile> filesWithCrcs() {
        return files().stream().filter(f -> f.crc() != LinkCrc.NONE).toList();
    }

    static CorpusFile load(String name) {
        String[] lines = text(name).split("\n");
        LinkCrc crc = null;
        String crcLine = null;
        Optional<byte[]> key = Optional.empty();
        Matcher id = null;
        String idLine = null;
        List<Expectation> expectations = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            String where = name + ":" + (i + 1);
            if (line.startsWith("# Crc:")) {
                String value = line.substring(6).trim().split("\\s+")[0];
                crc = switch (value) {
                    case "none" -> LinkCrc.NONE;
                    case "A" -> LinkCrc.FORMAT_A;
                    case "B" -> LinkCrc.FORMAT_B;
                    default -> throw new AssertionError(where + ": Crc '" + value + "' is none, A or B");
                };
                crcLine = where;
            } else if (line.startsWith("# Key:")) {
                key = Optional.of(HexFormat.of().parseHex(line.substring(6).trim().split("\\s+")[0]));
            } else if (line.startsWith("# Id:")) {
                id = ID.matcher(line);
                if (!id.matches()) {
                    throw new AssertionError(where + ": Id line does not read '# Id: <id>  Manufacturer: <3 letters>"
                            + "  Version: <hex>  Type: <hex>': " + line);
                }
                idLine = where;
            } else if (line.startsWith("# Expect:")) {
                expectations.add(expectation(where, line));
            }
        }
        if (crc == null || id == null || expectations.isEmpty()) {
            throw new AssertionError(name + ": needs '# Crc:', '# Id:' and at least one '# Expect:' line");
        }
        List<byte[]> frames = GoldenCorpus.frames(name);
        if (frames.size() != 1) {
            throw new AssertionError(name + ": holds " + frames.size() + " hex lines, one telegram per file is the rule");
        }
        return new CorpusFile(name, crc, crcLine, key, id.group(1), id.group(2), Integer.parseInt(id.group(3), 16),
                Integer.parseInt(id.group(4), 16), idLine, expectations, frames.get(0));
    }

    private static Expectation expectation(String where, String line) {
        Matcher m = EXPECT.matcher(line);
        if (!m.matches()) {
            throw new AssertionError(where + ": Expect line does not read '# Expect: DESCRIPTION[ tariff N][ storage N]"
                    + "[ function F] = <value> <unit>': " + line);
        }
        int tariff = 0;
        long storage = 0;
        MbusRecord.Function function = MbusRecord.Function.INSTANTANEOUS;
        Matcher s = SELECTOR.matcher(m.group(2));
        while (s.find()) {
            switch (s.group(1)) {
                case "tariff" -> tariff = Integer.parseInt(s.group(2));
                case "storage" -> storage = Long.parseLong(s.group(2));
                default -> function = MbusRecord.Function.valueOf(s.group(2));
            }
        }
        String unit = m.group(4) == null ? "" : m.group(4).trim();
        return new Expectation(where, m.group(1), tariff, storage, function, new BigDecimal(m.group(3)), unit);
    }

    private static String text(String name) {
        try (InputStream in = GoldenCorpus.class.getResourceAsStream("/telegrams/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static WmbusTelegram decodeOrFail(CorpusFile file) {
        try {
            return file.decode();
        } catch (DecodingException e) {
            return fail(file.name() + " (" + file.crcLine() + "): does not decode: " + e.getMessage(), e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void decodes_the_address_of_its_id_line(CorpusFile file) {
        WmbusTelegram telegram = decodeOrFail(file);

        assertThat(telegram.link()).as(file.idLine() + ": link-layer address")
                .isEqualTo(new WmbusAddress(file.manufacturer(), file.id(), file.version(), file.type()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void decodes_every_expected_value(CorpusFile file) {
        List<MbusRecord> records = decodeOrFail(file).records();

        for (Expectation expected : file.expectations()) {
            List<MbusRecord> candidates = records.stream().filter(expected::matches).toList();
            assertThat(candidates).as(expected.where() + ": a " + expected.description() + " record (tariff "
                    + expected.tariff() + ", storage " + expected.storage() + ", " + expected.function()
                    + ") among " + summary(records)).isNotEmpty();
            assertThat(candidates).as(expected.where() + ": one of " + summary(candidates) + " is " + expected.value()
                    + " " + expected.unit()).anyMatch(expected::hasValue);
        }
    }

    private static String summary(List<MbusRecord> records) {
        return records.stream().map(r -> r.description() + " t" + r.tariff() + " s" + r.storage() + " "
                + r.function() + " = " + r.scaledValue().map(BigDecimal::toPlainString).orElse(r.value().toString())
                + " " + r.unit()).collect(Collectors.joining("; ", "[", "]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encryptedFiles")
    void is_refused_without_its_key(CorpusFile file) {
        assertThatThrownBy(() -> WmbusDecoder.decode(file.frame(), file.crc(), WmbusKeys.none()))
                .as(file.name() + ": decoded without a key").isInstanceOf(DecodingException.class)
                .hasMessageContaining("no key for meter");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encryptedFiles")
    void is_refused_with_a_wrong_key(CorpusFile file) {
        byte[] wrong = file.key().orElseThrow().clone();
        wrong[15] ^= 0x01;
        WmbusKeys keys = meterId -> Optional.of(wrong.clone());

        assertThatThrownBy(() -> WmbusDecoder.decode(file.frame(), file.crc(), keys))
                .as(file.name() + ": decoded with a wrong key").isInstanceOf(DecodingException.class)
                .hasMessageMatching("(?s).*(wrong key|MAC).*");
    }

    /**
     * Each byte of the encrypted part that the decoder can vouch for, one bit flipped: all of it under the
     * mode 7 MAC and the ELL payload CRC; the first AES block under mode 5 (only its 2F 2F is checked:
     * mode 5 has no MAC, so damage in later blocks is for the link-layer CRC to catch).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("encryptedFiles")
    void is_refused_after_a_bit_flip_in_the_encrypted_part(CorpusFile file) throws DecodingException {
        WmbusTelegram good = decodeOrFail(file);
        byte[] plain = WmbusDecoder.withoutCrcs(file.frame(), file.crc());
        int[] range = guardedEncryptedRange(plain, good);
        assertThat(range[1]).as(file.name() + ": encrypted range").isGreaterThan(range[0]);

        for (int i = range[0]; i < range[1]; i++) {
            byte[] damaged = plain.clone();
            damaged[i] ^= (byte) (1 << (i % 8));
            int at = i;
            assertThatThrownBy(() -> WmbusDecoder.decode(damaged, LinkCrc.NONE, file.keys()))
                    .as(file.name() + ": bit " + (i % 8) + " of byte " + at + " flipped")
                    .isInstanceOf(DecodingException.class);
        }
    }

    /** [start, end) of the encrypted bytes the decoder checks, in the CRC-free frame. */
    static int[] guardedEncryptedRange(byte[] p, WmbusTelegram telegram) {
        int pos = 10;
        if ((p[pos] & 0xFF) == WmbusDecoder.CI_ELL_LONG && telegram.ellEncrypted()) {
            return new int[] {pos + 7, p.length};
        }
        if ((p[pos] & 0xFF) == WmbusDecoder.CI_ELL_SHORT) {
            pos += 3;
        } else if ((p[pos] & 0xFF) == WmbusDecoder.CI_ELL_LONG) {
            pos += 9;
        }
        if ((p[pos] & 0xFF) == WmbusDecoder.CI_AFL) {
            pos += 2 + (p[pos + 1] & 0xFF);
        }
        int configAt = pos + ((p[pos] & 0xFF) == WmbusDecoder.CI_TPL_LONG ? 11 : 3);
        int blocks = (p[configAt] & 0xF0) >> 4;
        int start = configAt + 2 + (telegram.securityMode() == 7 ? 1 : 0);
        int length = blocks == 0 ? p.length - start : blocks * 16;
        return new int[] {start, telegram.securityMode() == 7 ? start + length : start + 16};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void is_refused_when_truncated(CorpusFile file) {
        for (int length = 0; length < file.frame().length; length++) {
            byte[] truncated = java.util.Arrays.copyOf(file.frame(), length);
            assertThatThrownBy(() -> WmbusDecoder.decode(truncated, file.crc(), file.keys()))
                    .as(file.name() + ": truncated to " + length + " bytes").isInstanceOf(DecodingException.class);
            assertThatThrownBy(() -> WmbusDecoder.decode(truncated, file.keys()))
                    .as(file.name() + ": truncated to " + length + " bytes, CRCs detected")
                    .isInstanceOf(DecodingException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void is_refused_with_a_longer_l_field(CorpusFile file) {
        byte[] longer = file.frame().clone();
        longer[0]++;

        assertThatThrownBy(() -> WmbusDecoder.decode(longer, file.crc(), file.keys())).as(file.name())
                .isInstanceOf(DecodingException.class).hasMessageContaining("L-field says");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filesWithCrcs")
    void is_refused_with_a_bad_crc_or_a_flipped_bit(CorpusFile file) {
        for (int i = 0; i < file.frame().length * 8; i++) {
            byte[] damaged = file.frame().clone();
            damaged[i / 8] ^= (byte) (1 << (i % 8));
            if (i / 8 == 0) {
                continue; // the L-field: a length error, not a CRC error
            }
            int bit = i;
            assertThatThrownBy(() -> WmbusDecoder.decode(damaged, file.crc(), file.keys()))
                    .as(file.name() + ": bit " + (bit % 8) + " of byte " + (bit / 8) + " flipped")
                    .isInstanceOf(ChecksumException.class).hasMessageContaining("CRC of block");
        }
    }

    @Test
    void detects_the_crc_format_of_every_file() {
        for (CorpusFile file : files()) {
            try {
                assertThat(WmbusDecoder.decode(file.frame(), file.keys())).as(file.crcLine() + ": with DETECT")
                        .isEqualTo(file.decode());
            } catch (DecodingException e) {
                fail(file.crcLine() + ": with DETECT: " + e.getMessage(), e);
            }
        }
    }
}
