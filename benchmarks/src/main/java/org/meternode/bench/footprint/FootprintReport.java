package org.meternode.bench.footprint;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Turns the footprint benchmark's {@link Measurements} into a plain-text table for the terminal and into
 * {@code docs/benchmarks.md} with three PNG plots in {@code docs/img/}, drawn headless with JFreeChart.
 * {@link #main} writes a report of made-up sample data, to look at the output alone.
 */
public final class FootprintReport {
    static {
        // Before any AWT class is touched: a benchmark host or CI runner has no display.
        System.setProperty("java.awt.headless", "true");
    }

    /** The RSS goals the memory plot marks; the targets carry them as text only. */
    static final double GOAL_PULSE_ONLY_MIB = 48;
    static final double GOAL_DEMO_MIB = 64;
    /** The goal for the sum of all threads' idle wakeups. */
    static final double GOAL_WAKEUPS_PER_SECOND = 1;

    static final int WIDTH = 900;
    static final int HEIGHT = 450;
    static final String RSS_PNG = "footprint-rss.png";
    static final String BYTES_PNG = "footprint-bytes.png";
    static final String WAKEUPS_PNG = "footprint-wakeups.png";

    private static final String[] HEADER = {"target", "ours", "peer", "ratio", "goal", "met"};
    /** Right-aligned: the figures (ours, peer, ratio), and met, so that no line ends in a space. */
    private static final boolean[] RIGHT = {false, true, true, true, false, true};
    private static final Stroke DASHED =
            new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    private static final Color GOAL_PAINT = new Color(0x44, 0x44, 0x44);
    private static final Color LABEL_BACKGROUND = new Color(255, 255, 255, 220);
    /** Above this max/min ratio the bytes plot turns logarithmic, so small wakes stay readable beside handshakes. */
    private static final double LOG_SCALE_SPREAD = 30;

    private FootprintReport() {
    }

    /**
     * The targets as a fixed-width table (target, ours, peer, ratio, goal, met) with a rule under the header;
     * every line of it has the same length. Below it, the notes of the rows that have one, numbered as their
     * rows are marked.
     */
    public static String table(List<Target> targets) {
        Cells cells = Cells.of(targets);
        List<String[]> lines = new ArrayList<>();
        lines.add(HEADER);
        lines.addAll(cells.rows());
        int[] widths = new int[HEADER.length];
        for (String[] line : lines) {
            for (int c = 0; c < line.length; c++) {
                widths[c] = Math.max(widths[c], width(line[c]));
            }
        }
        StringBuilder out = new StringBuilder();
        appendLine(out, HEADER, widths);
        String[] rule = new String[widths.length];
        for (int c = 0; c < widths.length; c++) {
            rule[c] = "-".repeat(widths[c]);
        }
        appendLine(out, rule, widths);
        for (String[] row : cells.rows()) {
            appendLine(out, row, widths);
        }
        if (!cells.notes().isEmpty()) {
            out.append('\n');
            for (int n = 0; n < cells.notes().size(); n++) {
                out.append('[').append(n + 1).append("] ").append(cells.notes().get(n)).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Writes {@code docs/benchmarks.md} and its three 900x450 plots under {@code docs/img/} below
     * {@code repoRoot}, creating the directories and overwriting what a previous run left; dated today (UTC).
     */
    public static void write(Path repoRoot, Measurements m) throws IOException {
        write(repoRoot, m, Clock.systemUTC());
    }

    static void write(Path repoRoot, Measurements m, Clock clock) throws IOException {
        Path docs = repoRoot.resolve("docs");
        Path img = docs.resolve("img");
        Files.createDirectories(img);
        savePng(img.resolve(RSS_PNG), rssChart(m.rssMiB()));
        savePng(img.resolve(BYTES_PNG), bytesChart(m.bytesPerWake()));
        savePng(img.resolve(WAKEUPS_PNG), wakeupsChart(m.wakeupsPerThread()));
        Files.writeString(docs.resolve("benchmarks.md"), markdown(m, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)));
    }

    /** The page: where and when it was measured, how to run it, the table, then each plot with what it shows. */
    static String markdown(Measurements m, LocalDate date) {
        Cells cells = Cells.of(m.targets());
        StringBuilder md = new StringBuilder();
        md.append("# meternode benchmarks: footprint\n\n");
        md.append("Measured on ").append(date).append(" (UTC) at commit `").append(oneLine(m.commit()))
                .append("` on ").append(oneLine(m.machine())).append(".\n\n");
        md.append("Run it again with `").append(oneLine(m.howToRun())).append("`; it rewrites this page and its plots.\n\n");
        md.append("## Targets\n\n");
        md.append(markdownRow(HEADER)).append("|---|---:|---:|---:|---|---|\n");
        for (String[] row : cells.rows()) {
            String[] shown = row.clone();
            shown[5] = row[5].equals("NO") ? "**NO**" : row[5];
            md.append(markdownRow(shown));
        }
        if (!cells.notes().isEmpty()) {
            md.append("\nNotes:\n\n");
            for (int n = 0; n < cells.notes().size(); n++) {
                md.append(n + 1).append(". ").append(cells.notes().get(n)).append('\n');
            }
        }
        md.append("\n## Memory\n\n![RSS over simulated time](img/").append(RSS_PNG).append(")\n\n")
                .append(rssSentence(m.rssMiB())).append("\n\n");
        md.append("## Idle wakeups\n\n![Idle wakeups per thread](img/").append(WAKEUPS_PNG).append(")\n\n")
                .append(wakeupsSentence(m.wakeupsPerThread())).append("\n\n");
        md.append("## Bytes per wake\n\n![Bytes per wake at the IP layer](img/").append(BYTES_PNG).append(")\n\n")
                .append(bytesSentence(m.bytesPerWake())).append('\n');
        return md.toString();
    }

    static JFreeChart rssChart(List<Series> rssMiB) {
        JFreeChart chart = ChartFactory.createXYLineChart("Resident set size over simulated time",
                "simulated time (min)", "RSS (MiB)", dataset(rssMiB), PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        style(plot);
        plot.addRangeMarker(goal(GOAL_PULSE_ONLY_MIB, "goal pulse-only " + number(GOAL_PULSE_ONLY_MIB) + " MiB",
                RectangleAnchor.TOP_RIGHT, TextAnchor.BOTTOM_RIGHT));
        plot.addRangeMarker(goal(GOAL_DEMO_MIB, "goal demo " + number(GOAL_DEMO_MIB) + " MiB",
                RectangleAnchor.TOP_RIGHT, TextAnchor.BOTTOM_RIGHT));
        // Markers do not widen the axis: make room for the higher goal and its label.
        double top = Math.max(maxY(rssMiB), Math.max(GOAL_PULSE_ONLY_MIB, GOAL_DEMO_MIB));
        plot.getRangeAxis().setRange(0, top * 1.15);
        return chart;
    }

    static JFreeChart bytesChart(List<Series> bytesPerWake) {
        JFreeChart chart = ChartFactory.createXYLineChart("Bytes per wake at the IP layer", "wake number",
                "bytes per wake (IP layer)", dataset(bytesPerWake), PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        style(plot);
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
        renderer.setDefaultShapesVisible(true);
        plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        if (minPositiveY(bytesPerWake) * LOG_SCALE_SPREAD < maxY(bytesPerWake)) {
            LogAxis log = new LogAxis("bytes per wake (IP layer, log scale)");
            log.setLabelFont(plot.getRangeAxis().getLabelFont());
            log.setTickLabelFont(plot.getRangeAxis().getTickLabelFont());
            log.setNumberFormatOverride(new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
            log.setTickUnit(new NumberTickUnit(1)); // labels at whole decades only, minor ticks between
            log.setMinorTickCount(9);
            log.setMinorTickMarksVisible(true);
            log.setSmallestValue(1);
            plot.setRangeAxis(log);
        } else {
            ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
        }
        return chart;
    }

    static JFreeChart wakeupsChart(Map<String, Double> wakeupsPerThread) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (Map.Entry<String, Double> e : busiestFirst(wakeupsPerThread)) {
            dataset.addValue(e.getValue(), "wakeups/s", e.getKey());
        }
        JFreeChart chart = ChartFactory.createBarChart("Idle wakeups per thread: total "
                + number(total(wakeupsPerThread)) + "/s, goal <= " + number(GOAL_WAKEUPS_PER_SECOND) + "/s",
                "thread", "wakeups per second (idle)", dataset, PlotOrientation.HORIZONTAL, false, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        CategoryAxis threads = plot.getDomainAxis();
        threads.setMaximumCategoryLabelWidthRatio(0.35f);
        BarRenderer bars = (BarRenderer) plot.getRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setMaximumBarWidth(0.12);
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT))));
        bars.setDefaultItemLabelsVisible(true);
        // The goal is on the sum; a single thread past it already misses it.
        plot.addRangeMarker(goal(GOAL_WAKEUPS_PER_SECOND, "goal for the total " + number(GOAL_WAKEUPS_PER_SECOND) + "/s",
                RectangleAnchor.TOP_RIGHT, TextAnchor.TOP_LEFT));
        double top = Math.max(GOAL_WAKEUPS_PER_SECOND, wakeupsPerThread.values().stream()
                .mapToDouble(Double::doubleValue).max().orElse(0));
        plot.getRangeAxis().setRange(0, top * 1.25);
        return chart;
    }

    private static String rssSentence(List<Series> rssMiB) {
        String peaks = rssMiB.stream().map(s -> s.label() + " " + number(maxY(List.of(s))) + " MiB")
                .collect(Collectors.joining(", "));
        return "Resident set size of the node over simulated time, one line per node kind (peak: " + peaks
                + "); the dashed lines are the goals, " + number(GOAL_PULSE_ONLY_MIB) + " MiB for a pulse-only node and "
                + number(GOAL_DEMO_MIB) + " MiB for the 6-channel demo node.";
    }

    private static String wakeupsSentence(Map<String, Double> wakeupsPerThread) {
        return "How often each thread woke per second while the node was idle, busiest first; together "
                + number(total(wakeupsPerThread)) + "/s against the goal of at most "
                + number(GOAL_WAKEUPS_PER_SECOND) + "/s for the sum.";
    }

    private static String bytesSentence(List<Series> bytesPerWake) {
        String totals = bytesPerWake.stream()
                .map(s -> s.label() + " " + grouped(s.points().stream().mapToDouble(p -> p[1]).sum()) + " B over "
                        + s.points().size() + " wakes")
                .collect(Collectors.joining(", "));
        return "Bytes at the IP layer that each wake costs, per stack (in all: " + totals + ").";
    }

    /** The table's cells, one line each, and the notes numbered in the order their rows appear. */
    private record Cells(List<String[]> rows, List<String> notes) {
        static Cells of(List<Target> targets) {
            List<String[]> rows = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (Target t : targets) {
                String name = oneLine(t.name());
                if (!t.note().isBlank()) {
                    notes.add(oneLine(t.note()));
                    name += " [" + notes.size() + "]";
                }
                rows.add(new String[] {name, oneLine(t.ours()), oneLine(t.peer()), oneLine(t.ratio()),
                        oneLine(t.goal()), t.met() ? "yes" : "NO"});
            }
            return new Cells(rows, notes);
        }
    }

    private static void appendLine(StringBuilder out, String[] cells, int[] widths) {
        for (int c = 0; c < cells.length; c++) {
            String fill = " ".repeat(widths[c] - width(cells[c]));
            out.append(RIGHT[c] ? fill + cells[c] : cells[c] + fill).append(c + 1 < cells.length ? "  " : "\n");
        }
    }

    private static String markdownRow(String[] cells) {
        StringBuilder row = new StringBuilder("|");
        for (String cell : cells) {
            row.append(' ').append(cell.replace("|", "\\|")).append(" |");
        }
        return row.append('\n').toString();
    }

    /** A cell or note on one line: a line break or tab inside a value would break the table. */
    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    /** Characters as a terminal counts them (code points, not UTF-16 units). */
    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }

    private static XYSeriesCollection dataset(List<Series> series) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (Series s : series) {
            XYSeries xy = new XYSeries(s.label(), false, true);
            s.points().forEach(p -> xy.add(p[0], p[1]));
            dataset.addSeries(xy);
        }
        return dataset;
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
        renderer.setAutoPopulateSeriesStroke(false);
        renderer.setDefaultStroke(new BasicStroke(2f));
    }

    private static ValueMarker goal(double value, String label, RectangleAnchor anchor, TextAnchor textAnchor) {
        ValueMarker marker = new ValueMarker(value, GOAL_PAINT, DASHED);
        marker.setLabel(label);
        marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        marker.setLabelPaint(GOAL_PAINT);
        marker.setLabelBackgroundColor(LABEL_BACKGROUND); // readable where a series crosses it
        marker.setLabelAnchor(anchor);
        marker.setLabelTextAnchor(textAnchor);
        return marker;
    }

    private static List<Map.Entry<String, Double>> busiestFirst(Map<String, Double> wakeupsPerThread) {
        return wakeupsPerThread.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .toList();
    }

    private static double total(Map<String, Double> wakeupsPerThread) {
        return wakeupsPerThread.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static double maxY(List<Series> series) {
        return series.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[1]).max().orElse(0);
    }

    private static double minPositiveY(List<Series> series) {
        return series.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[1]).filter(y -> y > 0)
                .min().orElse(1);
    }

    private static void savePng(Path file, JFreeChart chart) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }

    /** Three significant digits, no trailing zeros: 0.8, 41.3, 1230. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static String grouped(double value) {
        return String.format(Locale.ROOT, "%,d", Math.round(value));
    }

    /** Writes a report of made-up sample data below the directory given, e.g. {@code /tmp/report-look}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: FootprintReport DIRECTORY   (writes DIRECTORY/docs/benchmarks.md and docs/img/*.png from sample data)");
            System.exit(2);
        }
        Measurements sample = sample();
        write(Path.of(args[0]), sample);
        System.out.print(table(sample.targets()));
        System.out.println("wrote " + Path.of(args[0]).resolve("docs").toAbsolutePath());
    }

    /** Invented figures of a plausible shape; the machine line says they are not a measurement. */
    static Measurements sample() {
        List<Target> targets = List.of(
                new Target("RSS, pulse-only node", "41.3 MiB", "", "", "<= 48 MiB", true, ""),
                new Target("RSS, 6-channel demo node", "57.9 MiB", "", "", "<= 64 MiB", true,
                        "peak after 24 h of simulated time, 15-min Sends"),
                new Target("idle wakeups", "0.82/s", "", "", "<= 1/s", true, ""),
                new Target("bytes per wake (steady)", "212 B", "1,034 B", "0.21 size", "<= 0.5 size", true,
                        "peer: MQTT 3.1.1 over TLS 1.3 (mosquitto), same readings as JSON"),
                new Target("cold start to first Send", "9.8 s", "", "", "<= 8 s", false, ""));
        List<double[]> pulse = new ArrayList<>();
        List<double[]> demo = new ArrayList<>();
        for (int minute = 0; minute <= 24 * 60; minute += 10) {
            double warm = 1 - Math.exp(-minute / 120.0);
            pulse.add(new double[] {minute, 31 + 9 * warm + 1.2 * Math.sin(minute / 37.0)});
            demo.add(new double[] {minute, 42 + 14 * warm + 1.8 * Math.sin(minute / 29.0)});
        }
        List<double[]> ours = new ArrayList<>();
        List<double[]> mqtt = new ArrayList<>();
        for (int wake = 1; wake <= 24; wake++) {
            ours.add(new double[] {wake, wake == 1 ? 1_880 : 205 + 7 * (wake % 3)});
            mqtt.add(new double[] {wake, wake == 1 ? 5_310 : 1_020 + 11 * (wake % 4)});
        }
        Runtime.Version jdk = Runtime.version();
        return new Measurements(
                "SAMPLE DATA, not a measurement (" + Runtime.getRuntime().availableProcessors() + " cores, "
                        + System.getProperty("os.name") + ", JDK " + jdk + ")",
                "0000000 (sample)", targets,
                List.of(new Series("pulse-only node", pulse), new Series("6-channel demo node", demo)),
                Map.of("meternode-sampler", 0.25, "meternode-watchdog", 0.5, "meternode-dtls-receiver", 0.05,
                        "meternode-outbox", 0.0167, "main", 0.0),
                List.of(new Series("meternode (CoAP/DTLS)", ours), new Series("MQTT 3.1.1 over TLS 1.3 (mosquitto)", mqtt)),
                "./bench footprint");
    }
}
