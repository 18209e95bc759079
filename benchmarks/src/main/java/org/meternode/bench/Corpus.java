package org.meternode.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The golden frames the benchmarks decode: the testkit's corpus ({@code testkit/src/main/resources/telegrams},
 * packed into this module's jar by its pom), good frames only. A {@code .hex} file is one binary frame
 * as hex digits; a DSMR {@code .txt} file is one telegram whose lines the meter ends with CR LF. Lines
 * starting with '#' credit the device and the source.
 */
public final class Corpus {
    /** SML pushes that OpenMUC jsml also decodes (hal's SmlFileTest cross-checks them). */
    public static final List<String> SML_FILES = List.of(
            "easymeter-q3ba1022-push.hex", "emh-ehz-push.hex", "emh-edl40-push.hex");

    /** M-Bus RSP_UD long frames with variable data from eight meter makes. */
    public static final List<String> MBUS_FRAMES = List.of(
            "elster-f2-heat-rsp-ud.hex", "emh-diz-rsp-ud.hex", "kamstrup-electricity-rsp-ud.hex",
            "landis-staefa-heat-rsp-ud.hex", "nzr-dhz563-rsp-ud.hex", "qundis-wtt16-rsp-ud.hex",
            "siemens-wfh21-heat-rsp-ud.hex", "stv-bialon-counter-rsp-ud.hex");

    /** DSMR 4.x/5.x and e-MUCS telegrams: the meters whose P1 port runs at 115200 baud 8N1 (DSMR 2.2/3 send at 9600). */
    public static final List<String> DSMR_TELEGRAMS = List.of(
            "iskra-am550-dsmr50-capture.txt", "iskra-mt382-dsmr50-spec.txt", "iskra-mt382-dsmr50-two-mbus.txt",
            "kaifa-ma105-dsmr42-gas.txt", "sagemcom-t210d-dsmr50-wh.txt", "sagemcom-xs210-esmr50-gas.txt",
            "fluvius-emucs171-gas-water.txt");

    private Corpus() {
    }

    /** The bytes on the wire of each named corpus file, in order. */
    public static List<byte[]> frames(List<String> names) {
        return names.stream().map(Corpus::bytes).toList();
    }

    /** Mean length in bytes of the frames. */
    public static double meanBytes(List<byte[]> frames) {
        return frames.stream().mapToInt(f -> f.length).average().orElseThrow();
    }

    /** The first word after {@code # field:} in a corpus file's header ({@code Key}, {@code Id}), or null. */
    static String header(String name, String field) {
        return read(name).lines().filter(line -> line.startsWith("# " + field + ":"))
                .map(line -> line.substring(field.length() + 3).strip().split("\\s+")[0]).findFirst().orElse(null);
    }

    static byte[] bytes(String name) {
        List<String> content = read(name).lines().filter(line -> !line.startsWith("#")).toList();
        if (name.endsWith(".hex")) {
            return HexFormat.of().parseHex(String.join("", content).replaceAll("\\s", ""));
        }
        return content.stream().map(line -> line + "\r\n").collect(Collectors.joining())
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Golden frames handed out in turn, one per benchmark operation. */
    static final class Cycle {
        private final List<byte[]> frames;
        private int next;

        Cycle(List<String> names) {
            frames = frames(names);
        }

        byte[] next() {
            byte[] frame = frames.get(next);
            next = (next + 1) % frames.size();
            return frame;
        }
    }

    private static String read(String name) {
        try (InputStream in = Corpus.class.getResourceAsStream("/telegrams/" + name)) {
            if (in == null) {
                throw new IllegalStateException("golden file telegrams/" + name
                        + " is not on the class path (it is packed from testkit/src/main/resources)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading golden file telegrams/" + name, e);
        }
    }
}
