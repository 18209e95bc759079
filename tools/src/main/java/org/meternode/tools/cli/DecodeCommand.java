package org.meternode.tools.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.dsmr.DsmrObject;
import org.meternode.hal.meter.dsmr.DsmrPowerFailure;
import org.meternode.hal.meter.dsmr.DsmrTelegram;
import org.meternode.hal.meter.mbus.MbusFrame;
import org.meternode.hal.meter.mbus.MbusRecord;
import org.meternode.hal.meter.mbus.MbusVariableData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meterctl decode dsmr FILE} and {@code meterctl decode mbus HEX}: decode a captured telegram
 * with the node's own decoders and print what they found; a telegram that does not decode (bad CRC,
 * truncated, malformed) prints the decoder's message and exits 1.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Decode a captured meter telegram with the node's decoders.",
        subcommands = {DecodeCommand.Dsmr.class, DecodeCommand.Mbus.class})
public final class DecodeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
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
            int start = 0;
            while (start < bytes.length && bytes[start] != '/') {
                start++;
            }
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
            for (MbusRecord r : d.records()) {
                out.println(String.format("%3d  %-40s %s  storage=%d tariff=%d %s", r.index(), r.description(),
                        r.scaledValue().map(v -> v.toPlainString() + (r.unit().isEmpty() ? "" : " " + r.unit()))
                                .orElse(String.valueOf(r.value())),
                        r.storage(), r.tariff(), r.function()));
            }
            if (d.moreRecordsFollow()) {
                out.println("(more records follow in the next telegram)");
            }
            if (d.manufacturerData().length > 0) {
                out.println("manufacturer data " + HexFormat.of().formatHex(d.manufacturerData()));
            }
            return 0;
        }
    }
}
