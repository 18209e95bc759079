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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.config.ConfigLoader;
import org.meternode.app.node.MeterNode;
import org.meternode.tools.headend.ReceivedReading;
import org.meternode.tools.launch.SimDsmrMeter;

/**
 * End to end with a serial meter: a simulated DSMR 5.0 meter writes telegrams on a socat
 * pseudo-terminal -> the node's dsmr channel reads them on its own thread -> sampling -> outbox ->
 * LwM2M Send over real DTLS -> embedded head-end. Every reported set (energy tariffs 1 and 2 as the
 * named streams import-t1 and import-t2, power, volume) of an interval must be the values of one
 * telegram the meter wrote; telegrams with a bad CRC never show.
 */
class DsmrEndToEndIT {
    private static final String EP = "meter-dsmr-1";

    @TempDir
    Path dir;

    @Test
    void head_end_receives_the_obis_values_the_meter_wrote() throws Exception {
        List<Interval> intervals = run(0, 4);

        assertThat(intervals).allSatisfy(i -> assertThat(i.telegram()).as("telegram of %s", i.at()).isNotNull());
    }

    @Test
    void bad_crc_telegrams_are_never_reported() throws Exception {
        List<Interval> intervals = run(2, 4);

        assertThat(intervals).allSatisfy(i -> {
            assertThat(i.telegram()).as("telegram of %s", i.at()).isNotNull();
            assertThat(i.telegram().goodCrc()).isTrue();
        });
    }

    /** One interval at the head-end and the good telegram whose values it carries (null if none). */
    record Interval(Instant at, SimDsmrMeter.Sent telegram) {
    }

    private List<Interval> run(int corruptEvery, int wanted) throws Exception {
        assumeTrue(SimDsmrMeter.socatAvailable(), "socat is not installed (./run-tests installs it)");
        try (RigHeadEnd rig = new RigHeadEnd(dir.resolve("head-end.db"), 0);
             SimDsmrMeter meter = SimDsmrMeter.start(Duration.ofMillis(250), corruptEvery)) {
            Path config = SerialNodeRun.writeConfig(dir.resolve("node"), rig, EP, meter.channelYaml("p1"));
            MeterNode node = MeterNode.open(ConfigLoader.load(config).config());
            Thread loop = Thread.ofPlatform().name("node-under-test").start(() -> {
                try (node) {
                    node.run();
                } catch (InterruptedException ignored) {
                    // stopped by the test
                }
            });
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> rig.readings(EP, "p1.volume").size() >= wanted);
                await().atMost(Duration.ofSeconds(30)).until(() -> node.outbox().pendingCount() == 0);
            } finally {
                loop.interrupt();
                loop.join(20_000);
            }

            List<SimDsmrMeter.Sent> sent = meter.sent();
            if (corruptEvery > 0) {
                assertThat(sent).as("the meter wrote bad-CRC telegrams").anyMatch(s -> !s.goodCrc());
            }
            Map<Instant, Double> energy = byTime(rig.readings(EP, "p1.import-t1"));
            Map<Instant, Double> energyT2 = byTime(rig.readings(EP, "p1.import-t2"));
            Map<Instant, Double> power = byTime(rig.readings(EP, "p1.power"));
            List<ReceivedReading> volume = rig.readings(EP, "p1.volume");
            assertThat(volume).hasSizeGreaterThanOrEqualTo(wanted);
            assertThat(energyT2).as("both tariffs reach the head-end").hasSameSizeAs(energy);
            assertThat(rig.readings(EP, "p1.import-t1")).allMatch(r -> r.quality() == null || !r.quality().contains("FAULT"));
            assertThat(rig.readings(EP, "p1.import-t1")).noneMatch(
                    r -> r.value() == SimDsmrMeter.CORRUPT_KWH.doubleValue());
            return volume.stream().map(v -> new Interval(v.at(), sent.stream()
                    .filter(s -> s.goodCrc() && close(s.kwhT1(), energy.get(v.at())) && close(s.kwhT2(), energyT2.get(v.at()))
                            && close(s.kw().movePointRight(3), power.get(v.at())) && close(s.gasM3(), v.value()))
                    .findFirst().orElse(null))).toList();
        }
    }

    private static boolean close(BigDecimal expected, Double actual) {
        return actual != null && Math.abs(expected.doubleValue() - actual) < 1e-9;
    }

    private static Map<Instant, Double> byTime(List<ReceivedReading> readings) {
        return readings.stream().collect(Collectors.toMap(ReceivedReading::at, ReceivedReading::value, (a, b) -> a));
    }
}
