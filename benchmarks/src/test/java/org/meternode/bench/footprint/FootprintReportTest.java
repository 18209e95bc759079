package org.meternode.bench.footprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report a reader sees: the page names every target and embeds plots that are real 900x450 PNGs. */
class FootprintReportTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static final List<Target> TARGETS = List.of(
            new Target("RSS, pulse-only node", "41.3 MiB", "", "", "<= 48 MiB", true, ""),
            new Target("bytes per wake | steady", "212 B", "1,034 B", "0.21 size", "<= 0.5 size", true,
                    "peer: MQTT 3.1.1 over TLS 1.3 (mosquitto)"),
            new Target("cold start to first Send, with a name far wider than its header", "9.8 s", "", "",
                    "<= 8 s", false, ""));

    @Test
    void writes_the_page_and_three_900x450_pngs_it_embeds(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("docs/img"));
        Files.writeString(root.resolve("docs/img/footprint-rss.png"), "stale"); // a previous run's file
        Clock clock = Clock.fixed(Instant.parse("2025-06-01T10:00:00Z"), ZoneOffset.UTC);

        FootprintReport.write(root, measurements(), clock);

        String md = Files.readString(root.resolve("docs/benchmarks.md"));
        assertThat(md).contains("RSS, pulse-only node", "bytes per wake \\| steady",
                "cold start to first Send, with a name far wider than its header", "**NO**",
                "2025-06-01", "`abc1234`", "`./bench footprint`", "4 cores, test CPU",
                "1. peer: MQTT 3.1.1 over TLS 1.3 (mosquitto)",
                "](img/footprint-rss.png)", "](img/footprint-bytes.png)", "](img/footprint-wakeups.png)");
        for (String png : List.of("footprint-rss.png", "footprint-bytes.png", "footprint-wakeups.png")) {
            Path file = root.resolve("docs/img").resolve(png);
            assertThat(Arrays.copyOf(Files.readAllBytes(file), PNG_SIGNATURE.length)).as(png).isEqualTo(PNG_SIGNATURE);
            BufferedImage image = ImageIO.read(file.toFile());
            assertThat(image).as(png).isNotNull();
            assertThat(new int[] {image.getWidth(), image.getHeight()}).as(png).containsExactly(900, 450);
        }
    }

    @Test
    void table_lines_up_wide_values_and_marks_a_missed_target_NO() {
        String[] lines = FootprintReport.table(TARGETS).split("\n");
        // header, rule, one line per target, blank line, one note
        assertThat(lines).hasSize(2 + TARGETS.size() + 2);
        String[] body = Arrays.copyOfRange(lines, 0, 2 + TARGETS.size());
        assertThat(Arrays.stream(body).mapToInt(String::length).distinct()).hasSize(1);
        assertThat(body[0]).startsWith("target").endsWith("met");
        assertThat(body[2]).endsWith("yes");
        assertThat(body[4]).startsWith("cold start to first Send").endsWith("NO");
        // each column starts at the same place on every line
        int goalColumn = body[0].indexOf("goal");
        assertThat(body[4].substring(goalColumn)).startsWith("<= 8 s");
        assertThat(body[3]).contains("bytes per wake | steady [1]");
        assertThat(lines[lines.length - 1]).isEqualTo("[1] peer: MQTT 3.1.1 over TLS 1.3 (mosquitto)");
    }

    private static Measurements measurements() {
        return new Measurements("4 cores, test CPU, Linux, JDK 25", "abc1234", TARGETS,
                List.of(new Series("pulse-only node", List.of(new double[] {0, 30}, new double[] {60, 41})),
                        new Series("6-channel demo node", List.of(new double[] {0, 40}, new double[] {60, 58}))),
                Map.of("meternode-sampler", 0.25, "meternode-watchdog", 0.5),
                List.of(new Series("meternode (CoAP/DTLS)", List.of(new double[] {1, 1880}, new double[] {2, 205})),
                        new Series("MQTT 3.1.1 over TLS 1.3 (mosquitto)",
                                List.of(new double[] {1, 5310}, new double[] {2, 1020}))),
                "./bench footprint");
    }
}
