package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.tools.headend.ReceivedReading;
import org.meternode.tools.launch.SimMbusMeter;
import org.meternode.hal.serial.SocatPair;

/**
 * End to end with a wired M-Bus meter: the simulated heat meter answers on a socat pseudo-terminal
 * (replies paced at 2400 baud) -> a node JVM with an mbus channel polls it at each interval end
 * (SND_NKE, REQ_UD2, two telegrams) -> DTLS -> head-end. Every good interval carries the values of
 * one readout the meter served, in kWh, m3 and W; damaged readouts and a meter that stops mid-telegram
 * give FAULT readings and a log line naming the port and the counts, never a value.
 */
class MbusEndToEndIT {
    private static final String EP = "meter-mbus-1";
    private static final Pattern POLL = Pattern.compile("M-Bus readout of .* in (\\d+) ms");

    @TempDir
    Path dir;

    @Test
    void head_end_receives_the_values_of_the_readouts_the_meter_served() throws Exception {
        assumeTrue(SocatPair.socatAvailable(), "socat is not installed (./run-tests installs it)");
        try (RigHeadEnd rig = new RigHeadEnd(dir.resolve("head-end.db"), 0);
             SimMbusMeter meter = SimMbusMeter.start(5, 0);
             SerialNodeRun node = new SerialNodeRun(dir.resolve("node"), rig, EP, meter.channelYaml("heat", "5"),
                     List.of("-Dorg.slf4j.simpleLogger.log.org.meternode.app.channel.MbusChannel=debug"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> rig.readings(EP, "heat.volume").size() >= 4);
            node.close();

            List<SimMbusMeter.Served> served = meter.served();
            List<ReceivedReading> volume = rig.readings(EP, "heat.volume");
            Map<Instant, ReceivedReading> energy = SerialNodeRun.byTime(rig.readings(EP, "heat.energy"));
            Map<Instant, ReceivedReading> power = SerialNodeRun.byTime(rig.readings(EP, "heat.power"));
            assertThat(volume).hasSizeGreaterThanOrEqualTo(4).noneMatch(SerialNodeRun::fault);
            for (ReceivedReading v : volume) {
                assertThat(v.unit()).isEqualTo("m3");
                assertThat(energy.get(v.at()).unit()).isEqualTo("kWh");
                assertThat(power.get(v.at()).value()).isEqualTo(SimMbusMeter.WATTS);
                assertThat(served).as("a readout with %s m3 and %s kWh", v.value(), energy.get(v.at()).value())
                        .anyMatch(s -> s.good() && s.m3().doubleValue() == v.value()
                                && s.kwh() == energy.get(v.at()).value());
            }
            List<Long> pollMs = node.lines().stream().map(POLL::matcher).filter(Matcher::find)
                    .map(m -> Long.parseLong(m.group(1))).toList();
            assertThat(pollMs).isNotEmpty();
            System.out.printf("M-Bus poll (SND_NKE + 2 x REQ_UD2/RSP_UD, 2400 baud pacing): min %d ms, max %d ms over %d"
                    + " polls; %d readouts served%n", pollMs.stream().mapToLong(Long::longValue).min().orElseThrow(),
                    pollMs.stream().mapToLong(Long::longValue).max().orElseThrow(), pollMs.size(), served.size());
        }
    }

    @Test
    void damaged_readouts_and_a_meter_stopping_mid_telegram_give_faults_never_values() throws Exception {
        assumeTrue(SocatPair.socatAvailable(), "socat is not installed (./run-tests installs it)");
        try (RigHeadEnd rig = new RigHeadEnd(dir.resolve("head-end.db"), 0);
             SimMbusMeter meter = SimMbusMeter.start(5, 3);
             SerialNodeRun node = new SerialNodeRun(dir.resolve("node"), rig, EP,
                     meter.channelYaml("heat", SimMbusMeter.SECONDARY.identification()), List.of())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> rig.readings(EP, "heat.volume").stream()
                    .filter(SerialNodeRun::fault).count() >= 1 && rig.readings(EP, "heat.volume").size() >= 4);
            meter.stopMidTelegram(true);
            int before = rig.readings(EP, "heat.volume").size();
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.readings(EP, "heat.volume").size() >= before + 2);
            meter.stopMidTelegram(false);
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.readings(EP, "heat.volume").size() >= before + 4);
            node.close();

            List<SimMbusMeter.Served> served = meter.served();
            List<ReceivedReading> volume = rig.readings(EP, "heat.volume");
            long faults = volume.stream().filter(SerialNodeRun::fault).count();
            long good = volume.size() - faults;
            assertThat(served).anyMatch(s -> !s.good());
            assertThat(volume).noneMatch(v -> v.value() == SimMbusMeter.CORRUPT_LITRES / 1000.0);
            assertThat(volume).filteredOn(v -> !SerialNodeRun.fault(v)).allSatisfy(v -> assertThat(served)
                    .anyMatch(s -> s.good() && s.m3().doubleValue() == v.value()));
            assertThat(faults).isGreaterThanOrEqualTo(3);
            List<String> lines = node.lines();
            assertThat(lines).anyMatch(l -> l.contains("channel 'heat': reading failed")
                    && l.contains("bad M-Bus readout of secondary id 12345678 from serial port '" + meter.nodePort() + "'")
                    && l.contains("checksum") && l.matches(".*\\(\\d+ good, \\d+ bad frames.*"));
            assertThat(lines).anyMatch(l -> l.contains("no complete M-Bus readout of secondary id 12345678 from serial port '"
                    + meter.nodePort() + "'") && l.contains("incomplete"));
            System.out.printf("M-Bus faults: %d readouts served (%d damaged), %d intervals at the head-end: %d good,"
                    + " %d FAULT%n", served.size(), served.stream().filter(s -> !s.good()).count(), volume.size(), good,
                    faults);
        }
    }
}
