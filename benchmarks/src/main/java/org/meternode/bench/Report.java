package org.meternode.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.request.ContentFormat;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * The comparison table: one row per figure, each beside the peer measured (or, for the wire and the
 * converter, computed from the same inputs) in the same run. Every timed figure comes from the JMH
 * results handed in; payload sizes are counted here, since they are deterministic.
 */
final class Report {
    static final String LEGEND = """
            ratio: "x" = how many times faster than the peer (below 1: slower); "size" = meternode bytes / peer bytes;
            "CPU" = CPU time / converter time, the processor's share of a measurement.
            ±: standard deviation of the measured iterations, in % of the figure.""";
    private static final int[] BATCHES = {1, 16, 64};

    private final Map<String, Measured> measured = new HashMap<>();
    private final List<Row> rows = new ArrayList<>();

    Report(Collection<RunResult> results) {
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            String simple = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            String batch = r.getParams().getParam("batch");
            measured.put(batch == null ? simple : simple + "/" + batch, Measured.of(r));
        }
        decoderRows();
        sendRows();
        ctClampRows();
    }

    String table() {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"benchmark", "meternode", "±", "unit", "peer", "peer figure", "ratio"});
        for (Row row : rows) {
            cells.add(new String[] {row.what(), row.figure(), row.error(), row.unit(), row.peer(), row.peerFigure(), row.ratio()});
        }
        int[] widths = new int[cells.get(0).length];
        for (String[] line : cells) {
            for (int c = 0; c < line.length; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : cells) {
            for (int c = 0; c < line.length; c++) {
                boolean number = c == 1 || c == 5;
                String format = "%" + (number ? "" : "-") + widths[c] + "s" + (c + 1 < line.length ? "  " : "");
                out.append(String.format(format, line[c]));
            }
            out.append(System.lineSeparator());
        }
        return out.toString().stripTrailing();
    }

    private void decoderRows() {
        both("SmlDecodeBenchmark.meternode", "SmlDecodeBenchmark.jsml").ifPresent(p -> rows.add(Row.speed(
                "SML decode, " + Corpus.SML_FILES.size() + " golden files", p[0], "files/s",
                "jsml " + version(org.openmuc.jsml.structures.SmlMessage.class), p[1])));
        both("MbusDecodeBenchmark.meternode", "MbusDecodeBenchmark.jmbus").ifPresent(p -> rows.add(Row.speed(
                "M-Bus RSP_UD decode, " + Corpus.MBUS_FRAMES.size() + " frames", p[0], "frames/s",
                "jmbus " + version(org.openmuc.jmbus.MBusMessage.class), p[1])));
        both("WmbusDecodeBenchmark.meternode", "WmbusDecodeBenchmark.jmbus").ifPresent(p -> rows.add(Row.speed(
                "wM-Bus T1 decode, " + WmbusDecodeBenchmark.TELEGRAMS.size() + " telegrams (2 AES mode 5)", p[0],
                "telegrams/s", "jmbus " + version(org.openmuc.jmbus.MBusMessage.class), p[1])));
        Optional.ofNullable(measured.get("DsmrDecodeBenchmark.meternode")).ifPresent(dsmr -> {
            double meanBytes = Corpus.meanBytes(Corpus.frames(Corpus.DSMR_TELEGRAMS));
            double wire = DsmrDecodeBenchmark.wireTelegramsPerSecond();
            rows.add(new Row("DSMR frame+decode, " + Corpus.DSMR_TELEGRAMS.size() + " telegrams", number(dsmr.perSecond()),
                    dsmr.errorPercent(), "telegrams/s", "P1 wire, 115200 8N1, " + Math.round(meanBytes) + " B",
                    number(wire), number(dsmr.perSecond() / wire) + "x"));
            if (!Double.isNaN(dsmr.bytesAllocated())) {
                rows.add(new Row("DSMR allocation per telegram", number(dsmr.bytesAllocated()), "", "B",
                        "the telegram's own bytes", number(meanBytes), number(dsmr.bytesAllocated() / meanBytes) + " size"));
            }
        });
    }

    private void sendRows() {
        SendPayloads payloads = new SendPayloads();
        for (int batch : BATCHES) {
            TimestampedLwM2mNodes nodes = SendPayloads.nodes(SendPayloads.readings(batch));
            int cbor = payloads.encode(nodes, ContentFormat.SENML_CBOR).length;
            int json = payloads.encode(nodes, ContentFormat.SENML_JSON).length;
            rows.add(new Row("Send payload, " + batch + " reading" + (batch == 1 ? "" : "s") + " (SenML-CBOR)",
                    cbor + " (" + number((double) cbor / batch) + "/rdg)", "", "B", "SenML-JSON",
                    json + " (" + number((double) json / batch) + "/rdg)", number((double) cbor / json) + " size"));
        }
        for (int batch : BATCHES) {
            both("SendEncodeBenchmark.senmlCbor/" + batch, "SendEncodeBenchmark.senmlJson/" + batch)
                    .ifPresent(p -> rows.add(new Row("Send encode, " + batch + " reading" + (batch == 1 ? "" : "s"),
                            number(p[0].micros()), p[0].errorPercent(), "µs/batch", "SenML-JSON encode",
                            number(p[1].micros()), number(p[1].nanos() / p[0].nanos()) + "x")));
        }
    }

    private void ctClampRows() {
        double adcSeconds = CtClampBenchmark.adcSecondsPerMeasurement();
        int conversions = CtClampBenchmark.conversionsPerMeasurement();
        String peer = "ADS1115 " + Math.round(CtClampBenchmark.SAMPLES_PER_SECOND) + " SPS, " + conversions + " conv.";
        Optional.ofNullable(measured.get("CtClampBenchmark.acRms")).ifPresent(m -> rows.add(new Row(
                "CT clamp Irms (CtClamp.acRms), " + CtClampBenchmark.CYCLES + " cycles", number(m.micros()),
                m.errorPercent(), "µs/meas.", peer, number(adcSeconds * 1e6), share(m.nanos() / (adcSeconds * 1e9)))));
        Optional.ofNullable(measured.get("CtClampBenchmark.acPower")).ifPresent(m -> rows.add(new Row(
                "CT clamp + voltage (AcPower), " + CtClampBenchmark.CYCLES + " cycles", number(m.micros()),
                m.errorPercent(), "µs/meas.", peer, number(adcSeconds * 1e6), share(m.nanos() / (adcSeconds * 1e9)))));
    }

    private Optional<Measured[]> both(String ours, String peer) {
        Measured a = measured.get(ours);
        Measured b = measured.get(peer);
        return a == null || b == null ? Optional.empty() : Optional.of(new Measured[] {a, b});
    }

    /** Three significant digits, thousands grouped: 412,000 / 35.2 / 0.123. */
    static String number(double value) {
        if (value == 0 || Double.isNaN(value)) {
            return String.valueOf(value);
        }
        int digits = (int) Math.floor(Math.log10(Math.abs(value))) + 1;
        int decimals = Math.max(0, 3 - digits);
        double rounded = digits > 3 ? Math.round(value / Math.pow(10, digits - 3)) * Math.pow(10, digits - 3) : value;
        return String.format(Locale.ROOT, "%,." + decimals + "f", rounded);
    }

    private static String share(double fraction) {
        return String.format(Locale.ROOT, "%.2g %% CPU", fraction * 100);
    }

    /** The version of the library a peer class comes from, as its jar's OSGi manifest gives it. */
    private static String version(Class<?> peer) {
        try (JarFile jar = new JarFile(Path.of(peer.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toFile())) {
            String version = jar.getManifest().getMainAttributes().getValue("Bundle-Version");
            return version == null ? "" : version;
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return ""; // run from classes directories: the name alone will do
        }
    }

    /**
     * One JMH result: mean time per operation, the standard deviation over the measured iterations (with
     * three iterations JMH's 99.9 % confidence interval is wider than the spread it describes), and bytes
     * allocated per operation (NaN if not profiled).
     */
    private record Measured(double nanos, double sdNanos, double bytesAllocated) {
        static Measured of(RunResult r) {
            Result<?> primary = r.getPrimaryResult();
            if (!primary.getScoreUnit().equals("ns/op")) {
                throw new IllegalStateException(r.getParams().getBenchmark() + " reports " + primary.getScoreUnit()
                        + "; the table expects ns/op");
            }
            double allocated = r.getSecondaryResults().entrySet().stream()
                    .filter(e -> e.getKey().endsWith("gc.alloc.rate.norm"))
                    .mapToDouble(e -> e.getValue().getScore()).findFirst().orElse(Double.NaN);
            return new Measured(primary.getScore(), primary.getStatistics().getStandardDeviation(), allocated);
        }

        double perSecond() {
            return 1e9 / nanos;
        }

        double micros() {
            return nanos / 1e3;
        }

        String errorPercent() {
            return Double.isNaN(sdNanos) ? "" : Math.round(100 * sdNanos / nanos) + " %";
        }
    }

    private record Row(String what, String figure, String error, String unit, String peer, String peerFigure,
            String ratio) {
        /** A throughput row from two timings: ours, the peer's, and how many times faster ours is. */
        static Row speed(String what, Measured ours, String unit, String peer, Measured theirs) {
            return new Row(what, number(ours.perSecond()), ours.errorPercent(), unit, peer.strip(),
                    number(theirs.perSecond()), number(theirs.nanos() / ours.nanos()) + "x");
        }
    }
}
