package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.tools.headend.ReceivedReading;
import org.meternode.tools.launch.SimSmlMeter;
import org.meternode.hal.serial.SocatPair;

/**
 * End to end with an SML push meter: the simulated eHZ writes an SML file every 250 ms on a socat
 * pseudo-terminal -> a node JVM with an sml channel -> DTLS -> head-end. Each interval's energy and
 * power are those of one good file; files with a bad CRC or cut short never show, and a meter that
 * stops mid-file gives FAULT readings and a log line naming the port and the counts.
 */
class SmlEndToEndIT {
    private static final String EP = "meter-sml-1";

    @TempDir
    Path dir;

    private static String channel(String port) {
        return """
                - id: ehz
                  type: sml
                  port: %s
                  readings:
                    - { obis: 1-0:1.8.0, quantity: energy }
                    - { obis: 1-0:16.7.0, quantity: power }
                    - { obis: 1-0:32.7.0, quantity: voltage }
                """.formatted(port);
    }

    @Test
    void head_end_receives_the_values_of_good_files_only() throws Exception {
        assumeTrue(SocatPair.socatAvailable(), "socat is not installed (./run-tests installs it)");
        try (RigHeadEnd rig = new RigHeadEnd(dir.resolve("head-end.db"), 0);
             SimSmlMeter meter = SimSmlMeter.start(Duration.ofMillis(250), 2, 3);
             SerialNodeRun node = new SerialNodeRun(dir.resolve("node"), rig, EP, channel(meter.nodePort()), List.of())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> rig.readings(EP, "ehz.energy").size() >= 4);
            meter.stopMidFile(true);
            int before = rig.readings(EP, "ehz.energy").size();
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.readings(EP, "ehz.energy").stream()
                    .skip(before).anyMatch(SerialNodeRun::fault));
            meter.stopMidFile(false);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                List<ReceivedReading> all = rig.readings(EP, "ehz.energy");
                return !SerialNodeRun.fault(all.get(all.size() - 1));
            });
            node.close();

            List<SimSmlMeter.Sent> sent = meter.sent();
            List<ReceivedReading> energy = rig.readings(EP, "ehz.energy");
            Map<Instant, ReceivedReading> power = SerialNodeRun.byTime(rig.readings(EP, "ehz.power"));
            Map<Instant, ReceivedReading> volts = SerialNodeRun.byTime(rig.readings(EP, "ehz.voltage"));
            assertThat(sent).as("bad CRC and cut-short files were written").anyMatch(s -> !s.good());
            assertThat(energy).noneMatch(e -> e.value() == SimSmlMeter.CORRUPT_KWH.doubleValue());
            List<ReceivedReading> good = energy.stream().filter(e -> !SerialNodeRun.fault(e)).toList();
            assertThat(good).hasSizeGreaterThanOrEqualTo(4).allSatisfy(e -> {
                assertThat(e.unit()).isEqualTo("kWh");
                assertThat(power.get(e.at()).unit()).isEqualTo("W");
                assertThat(volts.get(e.at()).value()).isEqualTo(230.1);
                assertThat(volts.get(e.at()).unit()).isEqualTo("V");
                assertThat(sent).as("a good file with %s kWh and %s W", e.value(), power.get(e.at()).value())
                        .anyMatch(s -> s.good() && s.kwh().doubleValue() == e.value()
                                && s.watts() == power.get(e.at()).value());
            });
            long faults = energy.size() - good.size();
            assertThat(faults).isGreaterThanOrEqualTo(1);
            assertThat(node.lines()).anyMatch(l -> l.contains("channel 'ehz': reading failed")
                    && l.contains("no good SML file from serial port '" + meter.nodePort() + "'")
                    && l.matches(".*\\(\\d+ good, \\d+ bad SML files \\(\\d+ bad CRC\\).*"));
            System.out.printf("SML: %d files written (%d bad CRC or cut short), %d intervals at the head-end: %d good,"
                    + " %d FAULT%n", sent.size(), sent.stream().filter(s -> !s.good()).count(), energy.size(),
                    good.size(), faults);
        }
    }
}
