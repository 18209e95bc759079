package org.meternode.tools.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.meternode.app.channel.wmbus.WmbusKeyFile;
import org.meternode.app.config.Durations;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.mbus.MbusRecord;
import org.meternode.hal.meter.wmbus.WmbusAddress;
import org.meternode.hal.meter.wmbus.WmbusDecoder;
import org.meternode.hal.meter.wmbus.WmbusKeys;
import org.meternode.hal.meter.wmbus.WmbusTelegram;
import org.meternode.hal.meter.wmbus.stick.RadioFrame;
import org.meternode.hal.meter.wmbus.stick.WmbusMode;
import org.meternode.hal.meter.wmbus.stick.WmbusStick;
import org.meternode.hal.meter.wmbus.stick.WmbusSticks;
import org.meternode.hal.serial.JSerialCommLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Wireless M-Bus tools for field engineers: which meters are in range of a stick. */
@Command(name = "wmbus", mixinStandardHelpOptions = true, description = "Wireless M-Bus tools.",
        subcommands = WmbusCommand.Listen.class)
public final class WmbusCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code wmbus listen --port DEV}: puts the stick into receive mode and shows each telegram heard
     * (id, manufacturer, medium, version, RSSI, whether it encrypts, how many so far and when), and at
     * the end a table of the meters in range, one line each.
     */
    @Command(name = "listen", mixinStandardHelpOptions = true,
            description = "Show the wireless M-Bus meters a stick hears: id, manufacturer, medium, version, RSSI,"
                    + " encrypted or not, telegrams and last seen; a line per meter each time it is heard.")
    static final class Listen implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--port", required = true, description = "Serial device of the stick, e.g. /dev/ttyUSB0.")
        String port;

        @Option(names = "--stick", defaultValue = "im871a", description = "Stick kind: im871a or amb8465 (default ${DEFAULT-VALUE}).")
        String stick;

        @Option(names = "--mode", defaultValue = "t1", description = "Radio mode: t1, c1 or s1 (default ${DEFAULT-VALUE}).")
        String mode;

        @Option(names = "--for", description = "Stop after this long, e.g. 5m; default: until Ctrl-C.")
        String duration;

        @Option(names = "--keys", description = "Key file ('<meter-id> <32 hex>' lines): decrypt and show those meters' values too.")
        Path keyFile;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            WmbusMode radioMode;
            Duration listenFor;
            WmbusKeys keys;
            try {
                radioMode = WmbusMode.of(mode).orElseThrow(
                        () -> new IllegalArgumentException("--mode must be t1, c1 or s1, not " + mode));
                listenFor = duration == null ? null : Durations.parse(duration);
                WmbusSticks.serialSettings(stick);
                keys = keyFile == null ? WmbusKeys.none() : WmbusKeyFile.load(keyFile);
            } catch (IllegalArgumentException | IOException e) {
                err.println("error: " + e.getMessage());
                return 2;
            }
            Map<String, Heard> meters = new LinkedHashMap<>();
            try (JSerialCommLine line = JSerialCommLine.open(port, WmbusSticks.serialSettings(stick),
                    Duration.ofMillis(200)); WmbusStick radio = WmbusSticks.open(stick, line, Clock.systemUTC())) {
                radio.configure(radioMode);
                err.println("listening on " + port + " (" + radio.describe() + ", mode " + radioMode + ")"
                        + (listenFor == null ? "; Ctrl-C to stop" : " for " + Durations.format(listenFor)));
                out.println(Heard.HEADER);
                out.flush();
                Instant end = listenFor == null ? Instant.MAX : Instant.now().plus(listenFor);
                while (Instant.now().isBefore(end)) {
                    Optional<RadioFrame> frame = radio.receive(Duration.ofSeconds(1));
                    if (frame.isPresent()) {
                        Heard heard;
                        try {
                            heard = Heard.of(frame.get(), keys, meters);
                        } catch (DecodingException e) {
                            err.println("frame dropped: " + e.getMessage());
                            continue;
                        }
                        out.println(heard.line());
                        heard.values().ifPresent(out::println);
                        out.flush();
                    }
                }
                out.println();
                out.println("meters in range (" + meters.size() + "), last heard:");
                out.println(Heard.HEADER);
                meters.values().forEach(m -> out.println(m.withoutNote().line()));
                out.flush();
                err.println(meters.size() + " meter(s) heard; stick: " + radio.stats().frames() + " frames, "
                        + radio.stats().dropped() + " dropped");
            } catch (IOException e) {
                err.println("error: " + e.getMessage());
                return 1;
            }
            return 0;
        }
    }

    /** One meter as heard so far. */
    private record Heard(WmbusAddress meter, int rssiDbm, boolean encrypted, long telegrams, Instant lastSeen,
                         String note, Optional<String> values) {
        static final String HEADER = String.format("%-8s  %-3s  %-19s  %-4s  %-8s  %-9s  %-9s  %s", "id", "mfr", "medium",
                "ver", "rssi", "encrypted", "telegrams", "last seen");

        static Heard of(RadioFrame frame, WmbusKeys keys, Map<String, Heard> meters) throws DecodingException {
            WmbusTelegram telegram = null;
            String note = "";
            try {
                telegram = WmbusDecoder.decode(frame.frame(), keys);
            } catch (DecodingException e) {
                note = e.getMessage();
            }
            WmbusAddress address = telegram != null ? telegram.meter() : linkAddress(frame.frame());
            boolean encrypted = telegram != null ? telegram.encrypted() : note.contains("no key for meter");
            Heard earlier = meters.get(address.id());
            Optional<String> values = telegram == null || telegram.records().isEmpty() ? Optional.empty()
                    : Optional.of(records(telegram));
            Heard heard = new Heard(address, frame.rssiDbm(), encrypted, earlier == null ? 1 : earlier.telegrams + 1,
                    frame.receivedAt(), note, values);
            meters.put(address.id(), heard);
            return heard;
        }

        /** The link-layer address of a telegram that did not decode (still worth showing: it is in range). */
        private static WmbusAddress linkAddress(byte[] frame) throws DecodingException {
            if (frame.length < 10) {
                throw new DecodingException("a " + frame.length + "-byte frame has no link-layer address", 0);
            }
            return WmbusAddress.decodeLinkOrder(frame, 2);
        }

        private static String records(WmbusTelegram telegram) {
            StringBuilder b = new StringBuilder();
            for (MbusRecord r : telegram.records()) {
                r.scaledValue().ifPresent(v -> b.append(b.isEmpty() ? "          " : ", ").append(r.description())
                        .append(r.storage() == 0 ? "" : "[" + r.storage() + "]").append(' ').append(v.toPlainString())
                        .append(r.unit().isEmpty() ? "" : " " + r.unit()));
            }
            return b.toString();
        }

        /** The same meter without the per-telegram note and values, for the summary. */
        Heard withoutNote() {
            return new Heard(meter, rssiDbm, encrypted, telegrams, lastSeen, "", Optional.empty());
        }

        String line() {
            return String.format("%-8s  %-3s  %-19s  %02Xh   %4d dBm  %-9s  %9d  %s%s", meter.id(), meter.manufacturer(),
                    meter.medium(), meter.version(), rssiDbm, encrypted ? "yes" : "no", telegrams, lastSeen,
                    note.isEmpty() ? "" : "  (" + note + ")");
        }
    }

    /** Hex digits (spaces allowed) as bytes; an IllegalArgumentException names what is not hex. */
    static byte[] hex(String text, String what) {
        String digits = text.replaceAll("\\s", "");
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not hex digits: " + e.getMessage());
        }
    }
}
