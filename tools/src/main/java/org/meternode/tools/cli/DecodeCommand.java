package org.meternode.tools.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.wmbus.WmbusDecoder;
import org.meternode.hal.meter.wmbus.WmbusKeys;
import org.meternode.hal.meter.wmbus.WmbusTelegram;
import org.meternode.hal.meter.dsmr.DsmrObject;
import org.meternode.hal.meter.dsmr.DsmrPowerFailure;
import org.meternode.hal.meter.dsmr.DsmrTelegram;
import org.meternode.hal.meter.mbus.MbusFrame;
import org.meternode.hal.meter.mbus.MbusRecord;
import org.meternode.hal.meter.iec62056.Iec62056DataBlock;
import org.meternode.hal.meter.iec62056.Iec62056DataSet;
import org.meternode.hal.meter.iec62056.Iec62056Identification;
import org.meternode.hal.meter.iec62056.Iec62056Readout;
import org.meternode.hal.meter.mbus.MbusVariableData;
import org.meternode.hal.meter.sml.SmlEntry;
import org.meternode.hal.meter.sml.SmlFile;
import org.meternode.hal.meter.sml.SmlText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meterctl decode dsmr|sml|iec62056 FILE} and {@code meterctl decode mbus HEX}: decode a captured telegram
 * with the node's own decoders and print what they found; a telegram that does not decode (bad CRC,
 * truncated, malformed) prints the decoder's message and exits 1.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Decode a captured meter telegram with the node's decoders.",
        subcommands = {DecodeCommand.Dsmr.class, DecodeCommand.Mbus.class, DecodeCommand.Wmbus.class, DecodeCommand.Sml.class,
                DecodeCommand.Iec62056.class})
public final class DecodeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Position of the first {@code b} at or after {@code from}; the length when there is none. */
    static int indexOf(byte[] bytes, char b, int from) {
        int i = from;
        while (i < bytes.length && bytes[i] != b) {
            i++;
        }
        return i;
    }

    /** {@code decode dsmr FILE}: one P1 telegram as captured from the port (CR LF line ends). */
    @Command(name = "dsmr", mixinStandardHelpOptions = true,
            description = "Decode a DSMR / e-MUCS P1 telegram captured to FILE; bytes before the first '/' are skipped.")
    static final class Dsmr implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "File holding the telegram bytes as read from the P1 port.")
        Path file;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            byte[] bytes = Files.readAllBytes(file);
            int start = indexOf(bytes, '/', 0);
            if (start == bytes.length) {
                err.println(file + ": no telegram start '/' found");
                return 1;
            }
            if (start > 0) {
                out.println("(skipped " + start + " byte(s) before '/')");
            }
            DsmrTelegram t;
            try {
                t = DsmrTelegram.decode(Arrays.copyOfRange(bytes, start, bytes.length));
            } catch (DecodingException e) {
                err.println(file + ": " + e.getMessage());
                return 1;
            }
            out.println("header    " + t.header());
            out.println("version   " + t.version().orElse("-"));
            out.println("timestamp " + t.timestamp().map(Object::toString).orElse("-"));
            out.println("crc       " + (t.crcChecked() ? "checked, good" : "none (DSMR 2.2/3)"));
            for (DsmrObject o : t.objects()) {
                out.println(String.format("%-14s %s", o.obis(), o.value()
                        .map(v -> v.value().toPlainString() + (v.unit().isEmpty() ? "" : " " + v.unit())
                                + v.timestamp().map(ts -> "  at " + ts).orElse(""))
                        .orElse(String.join(" ", o.rawValues()))));
            }
            for (DsmrPowerFailure f : t.powerFailures()) {
                out.println("power failure " + f);
            }
            return 0;
        }
    }

    /** {@code decode mbus HEX}: one M-Bus frame (usually an RSP_UD) as hex digits. */
    @Command(name = "mbus", mixinStandardHelpOptions = true,
            description = "Decode one wired M-Bus frame given as hex digits (spaces allowed).")
    static final class Mbus implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "HEX", arity = "1..*", description = "The frame as hex, e.g. 68 1F 1F 68 08 ...")
        String[] hex;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            byte[] bytes;
            try {
                bytes = HexFormat.of().parseHex(String.join("", hex).replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                err.println("not hex: " + e.getMessage());
                return 1;
            }
            MbusFrame frame;
            try {
                frame = MbusFrame.decode(bytes);
            } catch (DecodingException e) {
                err.println(e.getMessage());
                return 1;
            }
            if (!(frame instanceof MbusFrame.RspUd rsp)) {
                out.println(frame);
                return 0;
            }
            MbusVariableData d = rsp.data();
            out.println(String.format("RSP_UD  C=%02Xh A=%d CI=%02Xh access=%d status=%02Xh", rsp.control(),
                    rsp.address(), d.ci(), d.accessNumber(), d.status()));
            d.address().ifPresent(a -> out.println("meter   " + a));
            printRecords(out, d.records());
            if (d.moreRecordsFollow()) {
                out.println("(more records follow in the next telegram)");
            }
            if (d.manufacturerData().length > 0) {
                out.println("manufacturer data " + HexFormat.of().formatHex(d.manufacturerData()));
            }
            return 0;
        }
    }

    /** {@code decode wmbus HEX [--key HEX]}: one wireless M-Bus telegram, decrypted when a key is given. */
    @Command(name = "wmbus", mixinStandardHelpOptions = true,
            description = "Decode one wireless M-Bus telegram given as hex digits from its L-field on (with or without"
                    + " link-layer CRCs): addresses, security, and records, decrypted with --key.")
    static final class Wmbus implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "HEX", arity = "1..*", description = "The telegram as hex, e.g. 2E 44 93 15 ...")
        String[] hex;

        @Option(names = "--key", description = "The meter's AES-128 key, 32 hex digits (modes 5 and 7, Kamstrup ELL).")
        String key;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            byte[] frame;
            WmbusKeys keys;
            try {
                frame = WmbusCommand.hex(String.join("", hex), "the telegram");
                if (key == null) {
                    keys = WmbusKeys.none();
                } else {
                    byte[] aes = WmbusCommand.hex(key, "--key");
                    if (aes.length != 16) {
                        throw new IllegalArgumentException("--key must be 32 hex digits (AES-128), got " + aes.length * 2);
                    }
                    keys = meterId -> java.util.Optional.of(aes.clone());
                }
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                return 2;
            }
            WmbusTelegram t;
            try {
                t = WmbusDecoder.decode(frame, keys);
            } catch (DecodingException e) {
                err.println(e.getMessage());
                return 1;
            }
            out.println(String.format("link    %s %s version %02Xh %s (C=%02Xh)", t.link().manufacturer(), t.link().id(),
                    t.link().version(), t.link().medium(), t.cField()));
            if (!t.meter().equals(t.link())) {
                out.println(String.format("meter   %s %s version %02Xh %s (long header)", t.meter().manufacturer(),
                        t.meter().id(), t.meter().version(), t.meter().medium()));
            }
            out.println(String.format("CI=%02Xh access=%d status=%02Xh security %s%s", t.ci(), t.accessNumber(),
                    t.status(), t.securityMode() == 0 ? "none" : "mode " + t.securityMode(),
                    t.ellEncrypted() ? ", ELL AES-CTR" : ""));
            printRecords(out, t.records());
            if (t.manufacturerData().length > 0) {
                out.println("manufacturer data " + HexFormat.of().formatHex(t.manufacturerData()));
            }
            return 0;
        }
    }

    /** {@code decode sml FILE}: one SML file as captured from an IR head, binary or as hex digits. */
    @Command(name = "sml", mixinStandardHelpOptions = true,
            description = "Decode one SML file (1B1B1B1B 01010101 .. CRC) captured to FILE, as raw bytes or hex"
                    + " text ('#' comment lines allowed); bytes before the start sequence are skipped.")
    static final class Sml implements Callable<Integer> {
        private static final byte[] START = {0x1B, 0x1B, 0x1B, 0x1B, 0x01, 0x01, 0x01, 0x01};

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "File holding the SML file, binary or hex.")
        Path file;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            byte[] bytes = rawOrHex(Files.readAllBytes(file));
            int start = indexOf(bytes, START);
            if (start < 0) {
                err.println(file + ": no SML start sequence 1B1B1B1B 01010101 found");
                return 1;
            }
            if (start > 0) {
                out.println("(skipped " + start + " byte(s) before the start sequence)");
            }
            SmlFile sml;
            try {
                sml = SmlFile.decode(Arrays.copyOfRange(bytes, start, bytes.length));
            } catch (DecodingException e) {
                err.println(file + ": " + e.getMessage());
                return 1;
            }
            out.println("server    " + sml.serverId().orElse("-"));
            out.println("messages  " + sml.messages() + " (CRCs checked, good)");
            for (SmlEntry e : sml.entries()) {
                out.println(String.format("%-18s %s%s  (raw %s, scaler %d)", e.obis(), e.value().toPlainString(),
                        e.unit().isEmpty() ? "" : " " + e.unit(), e.raw(), e.scaler()));
            }
            for (SmlText t : sml.texts()) {
                out.println(String.format("%-18s %s", t.obis(), HexFormat.of().formatHex(t.octets())));
            }
            return 0;
        }

        /** Hex text (digits, whitespace, '#' lines) as bytes; anything else is taken as raw bytes. */
        private static byte[] rawOrHex(byte[] content) {
            String text = new String(content, StandardCharsets.ISO_8859_1);
            String hex = text.lines().filter(l -> !l.startsWith("#")).collect(Collectors.joining())
                    .replaceAll("\\s", "");
            if (!hex.isEmpty() && hex.length() % 2 == 0 && hex.matches("[0-9A-Fa-f]+")) {
                return HexFormat.of().parseHex(hex);
            }
            return content;
        }

        private static int indexOf(byte[] bytes, byte[] wanted) {
            outer:
            for (int i = 0; i + wanted.length <= bytes.length; i++) {
                for (int j = 0; j < wanted.length; j++) {
                    if (bytes[i + j] != wanted[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    /**
     * {@code decode iec62056 FILE}: a readout as captured from an optical probe: identification line and data
     * block, or the data message alone (with or without the probe's echo of the option select before it).
     */
    @Command(name = "iec62056", mixinStandardHelpOptions = true,
            description = "Decode an IEC 62056-21 readout captured to FILE: the identification line (/XXXZ...)"
                    + " and the data block (STX .. ! CR LF ETX BCC, or a push meter's lines ending in !), or the"
                    + " data message alone, optionally behind the echoed option select (ACK 0 Z Y CR LF);"
                    + " bytes before the first '/', ACK or STX are skipped.")
    static final class Iec62056 implements Callable<Integer> {
        private static final int ACK = 0x06;
        private static final int STX = 0x02;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "File holding the bytes as read from the probe.")
        Path file;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            byte[] bytes = Files.readAllBytes(file);
            int start = 0;
            while (start < bytes.length && bytes[start] != '/' && bytes[start] != ACK && bytes[start] != STX) {
                start++;
            }
            if (start == bytes.length) {
                err.println(file + ": no identification line '/', option select (ACK) or data message (STX) found");
                return 1;
            }
            Iec62056Readout readout;
            try {
                readout = Iec62056Readout.decode(Arrays.copyOfRange(bytes, start, bytes.length));
            } catch (DecodingException e) {
                err.println(file + ": " + e.getMessage());
                return 1;
            }
            if (start > 0) {
                out.println("(skipped " + start + " byte(s) before the readout)");
            }
            Optional<Iec62056Identification> id = readout.identification();
            out.println("meter     " + id.map(i -> i.manufacturer() + " " + i.identification())
                    .orElse("- (no identification line: data message only)"));
            out.println("baud      " + id.map(DecodeCommand.Iec62056::baud)
                    .orElse(readout.optionSelect().map(o -> o.baud().stream().mapToObj(b -> b + " (option select)")
                            .findFirst().orElse("-")).orElse("-")));
            readout.optionSelect().ifPresent(o -> out.println("option    ACK " + o.protocolControl() + " "
                    + o.baudCharacter() + " " + o.mode() + (o.mode() == '0' ? " (data readout)" : "")));
            Iec62056DataBlock block = readout.data();
            out.println("bcc       " + (block.bccChecked() ? "checked, good" : "none (unframed push data)"));
            for (Iec62056DataSet set : block.dataSets()) {
                out.println(String.format("%-18s %s%s", set.address(), set.value(),
                        set.unit().isEmpty() ? "" : " " + set.unit()));
            }
            return 0;
        }

        private static String baud(Iec62056Identification id) {
            return id.modeCBaud().stream().mapToObj(b -> b + " (mode C)").findFirst()
                    .orElse(id.modeBBaud().stream().mapToObj(b -> b + " (mode B)").findFirst().orElse("300 (mode A)"));
        }
    }

    /** One line per M-Bus record (wired or wireless): index, description, scaled value and unit, storage, tariff. */
    static void printRecords(PrintWriter out, java.util.List<MbusRecord> records) {
        for (MbusRecord r : records) {
            out.println(String.format("%3d  %-40s %s  storage=%d tariff=%d %s", r.index(), r.description(),
                    r.scaledValue().map(v -> v.toPlainString() + (r.unit().isEmpty() ? "" : " " + r.unit()))
                            .orElse(String.valueOf(r.value())), r.storage(), r.tariff(), r.function()));
        }
    }
}
