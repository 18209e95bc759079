package org.meternode.tools.cli;

import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.mbus.MbusMaster;
import org.meternode.hal.meter.mbus.MbusReadout;
import org.meternode.hal.meter.mbus.MbusSecondaryAddress;
import org.meternode.hal.serial.JSerialCommLine;
import org.meternode.hal.serial.SerialSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meterctl mbus scan}: find the meters on a wired M-Bus, as the field engineer does before configuring. */
@Command(name = "mbus", mixinStandardHelpOptions = true, description = "Wired M-Bus tools.",
        subcommands = {MbusCommand.Scan.class})
public final class MbusCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /**
     * Sends SND_NKE to each primary address in turn; each address that acknowledges is read out
     * (REQ_UD2) for its secondary id, manufacturer and medium. Progress goes to stderr, meters to stdout.
     */
    @Command(name = "scan", mixinStandardHelpOptions = true,
            description = "Scan primary addresses for meters and print address, secondary id, manufacturer, medium.")
    static final class Scan implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--port", required = true, description = "Serial device of the level converter, e.g. /dev/ttyUSB0.")
        String port;

        @Option(names = "--baud", defaultValue = "2400", description = "Bus rate (default ${DEFAULT-VALUE}; 300 and 9600 also occur).")
        int baud;

        @Option(names = "--first", defaultValue = "0", description = "First primary address (default ${DEFAULT-VALUE}).")
        int first;

        @Option(names = "--last", defaultValue = "250", description = "Last primary address (default ${DEFAULT-VALUE}).")
        int last;

        @Option(names = "--timeout", defaultValue = "auto", description = "Reply timeout per address: auto (EN 13757-2"
                + " from the baud rate plus adapter latency: 500 ms at 2400, 1.35 s at 300) or a duration like 800ms"
                + " (default ${DEFAULT-VALUE}).")
        String timeout;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (first < 0 || last > MbusMaster.MAX_PRIMARY_ADDRESS || first > last) {
                err.println("error: --first and --last must satisfy 0 <= first <= last <= " + MbusMaster.MAX_PRIMARY_ADDRESS);
                return 2;
            }
            Duration replyTimeout = timeout.equals("auto") ? MbusMaster.responseTimeoutFor(baud)
                    : org.meternode.app.config.Durations.parse(timeout);
            SerialSettings settings = SerialSettings.MBUS.withBaud(baud);
            int found = 0;
            try (JSerialCommLine line = JSerialCommLine.open(port, settings, Duration.ofMillis(20))) {
                MbusMaster master = new MbusMaster(line, settings, replyTimeout, 2, Clock.systemUTC());
                out.println("primary  secondary-id  manufacturer  version  medium");
                out.flush();
                for (int address = first; address <= last; address++) {
                    err.print("\rscanning " + port + " at " + settings + ": address " + address + " of " + first + ".."
                            + last + ", " + found + " found ");
                    err.flush();
                    List<Integer> present = master.scan(address, address);
                    if (present.isEmpty()) {
                        continue;
                    }
                    found++;
                    out.println(describe(master, address));
                    out.flush();
                }
            }
            err.println();
            err.println("scan done: " + found + " meter(s) at " + (last - first + 1) + " address(es)");
            err.flush();
            return 0;
        }

        private static String describe(MbusMaster master, int address) throws java.io.IOException {
            try {
                MbusReadout readout = master.read(address);
                return readout.secondaryAddress().map(a -> String.format("%7d  %-12s  %-12s  %7d  %02Xh %s", address,
                        a.identification(), a.manufacturer(), a.version(), a.medium(), medium(a)))
                        .orElse(String.format("%7d  (short header: no secondary id)", address));
            } catch (InterruptedIOException | DecodingException e) {
                return String.format("%7d  acknowledged, but its readout failed: %s", address, e.getMessage());
            }
        }

        /** EN 13757-3 table 3, the common media. */
        static String medium(MbusSecondaryAddress a) {
            return switch (a.medium()) {
                case 0x00 -> "other";
                case 0x01 -> "oil";
                case 0x02 -> "electricity";
                case 0x03 -> "gas";
                case 0x04 -> "heat (outlet)";
                case 0x05 -> "steam";
                case 0x06 -> "hot water";
                case 0x07 -> "water";
                case 0x08 -> "heat cost allocator";
                case 0x0A -> "cooling (outlet)";
                case 0x0B -> "cooling (inlet)";
                case 0x0C -> "heat (inlet)";
                case 0x0D -> "heat/cooling";
                case 0x16 -> "cold water";
                case 0x17 -> "dual water";
                default -> "medium " + a.medium();
            };
        }
    }
}
