package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.config.ConfigLoader;
import org.meternode.app.node.MeterNode;
import org.meternode.hal.serial.SocatPair;
import org.meternode.tools.headend.ReceivedReading;
import org.meternode.tools.launch.SimWmbusMeter;

/**
 * End to end over the radio path: a simulated water meter encrypts its telegrams (AES mode 5) ->
 * a simulated iM871A stick on a socat pseudo-terminal, which also hears a neighbour's meter -> the
 * node's wmbus channel (stick configured in T1, frames decrypted with the key file, the neighbour
 * ignored) -> sampling -> outbox -> LwM2M Send over real DTLS -> embedded head-end. Every volume at
 * the head-end is one the meter sent; a wrong key or a silent meter gives FAULT, never a value.
 */
class WmbusEndToEndIT {
    private static final String EP = "meter-wmbus-1";

    @TempDir
    Path dir;

    @Test
    void head_end_receives_the_volumes_the_meter_sent_and_never_the_neighbours() throws Exception {
        run(SimWmbusMeter.KEY, "1h", (node, rig, meter) -> {
            await().atMost(Duration.ofSeconds(60)).until(() -> good(rig, "radio.volume").size() >= 4);
            await().atMost(Duration.ofSeconds(30)).until(() -> node.outbox().pendingCount() == 0);

            List<BigDecimal> sent = meter.sent().stream().map(SimWmbusMeter.Sent::m3).toList();
            List<ReceivedReading> volumes = good(rig, "radio.volume");
            assertThat(volumes).allSatisfy(v -> assertThat(sent).as("volume at %s was sent", v.at())
                    .anySatisfy(m3 -> assertThat(m3.doubleValue()).isEqualTo(v.value())));
            assertThat(good(rig, "radio.rssi")).isNotEmpty().allSatisfy(r -> assertThat(r.value()).isEqualTo(-60.0));
            assertThat(rig.readings(EP, "radio.volume").stream().dropWhile(SerialNodeRun::fault).toList())
                    .as("FAULT only before the first telegram came").noneMatch(SerialNodeRun::fault);
        });
    }

    @Test
    void a_wrong_key_gives_fault_readings_naming_the_refusal() throws Exception {
        byte[] wrong = SimWmbusMeter.KEY.clone();
        wrong[0] ^= 1;
        run(wrong, "1h", (node, rig, meter) -> {
            await().atMost(Duration.ofSeconds(60)).until(() -> rig.readings(EP, "radio.volume").size() >= 3);

            assertThat(rig.readings(EP, "radio.volume")).allMatch(SerialNodeRun::fault);
            assertThat(node.management().channelFault("radio")).contains("no telegram from wM-Bus meter 20240001")
                    .contains("last refused").contains("2F 2F");
        });
    }

    @Test
    void a_meter_silent_longer_than_silence_gives_fault_readings() throws Exception {
        run(SimWmbusMeter.KEY, "10s", (node, rig, meter) -> {
            await().atMost(Duration.ofSeconds(60)).until(() -> good(rig, "radio.volume").size() >= 2);
            meter.close();
            int heard = good(rig, "radio.volume").size();

            await().atMost(Duration.ofSeconds(60)).until(() -> node.management().channelFault("radio")
                    .contains("silent for"));
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.readings(EP, "radio.volume").stream()
                    .skip(heard).anyMatch(SerialNodeRun::fault));
            assertThat(node.management().channelFault("radio")).contains("longer than silence 10 s");
        });
    }

    @FunctionalInterface
    private interface Check {
        void run(MeterNode node, RigHeadEnd rig, SimWmbusMeter meter) throws Exception;
    }

    private void run(byte[] key, String silence, Check check) throws Exception {
        assumeTrue(SocatPair.socatAvailable(), "socat is not installed (./run-tests installs it)");
        try (RigHeadEnd rig = new RigHeadEnd(dir.resolve("head-end.db"), 0);
             SimWmbusMeter meter = SimWmbusMeter.start(Duration.ofMillis(300))) {
            Path keys = SimWmbusMeter.writeKeyFile(dir, key);
            String channel = meter.channelYaml("radio", keys) + "  silence: " + silence + "\n";
            Path config = SerialNodeRun.writeConfig(dir.resolve("node"), rig, EP, channel);
            MeterNode node = MeterNode.open(ConfigLoader.load(config).config());
            Thread loop = Thread.ofPlatform().name("node-under-test").start(() -> {
                try (node) {
                    node.run();
                } catch (InterruptedException ignored) {
                    // stopped by the test
                }
            });
            try {
                check.run(node, rig, meter);
            } finally {
                loop.interrupt();
                loop.join(20_000);
            }
        }
    }

    private static List<ReceivedReading> good(RigHeadEnd rig, String stream) {
        return rig.readings(EP, stream).stream().filter(r -> !SerialNodeRun.fault(r)).toList();
    }
}
