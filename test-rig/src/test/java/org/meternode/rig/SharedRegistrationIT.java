package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.config.ConfigLoader;
import org.meternode.app.node.MeterNode;
import org.meternode.testkit.services.RedisServer;
import org.meternode.tools.headend.ReceivedReading;
import org.meternode.tools.launch.SimNodeSetup;

/**
 * A real sim node against head-ends that share registrations and credentials through a real
 * redis-server: its registration deleted in Redis, it registers again by itself and its readings
 * go on; when its head-end stops and another instance takes the address, that one accepts it.
 */
class SharedRegistrationIT {
    private static final String EP = "meter-shared-1";

    @TempDir
    Path dir;

    @Test
    void the_node_re_registers_after_its_registration_vanished_and_moves_to_another_instance() throws Exception {
        int port = RigHeadEnd.freeUdpPort();
        try (RedisServer redis = RedisServer.start("shared-it");
                RigHeadEnd b = new RigHeadEnd(RigHeadEnd.options(dir.resolve("b.db"), 0).withRedis(redis.uri()))) {
            RigHeadEnd a = new RigHeadEnd(RigHeadEnd.options(dir.resolve("a.db"), port).withRedis(redis.uri()));
            SimNodeSetup.Written w = SimNodeSetup.write(dir.resolve("node"), EP, a.headEnd.uri(), "1m", 600, 7);
            a.headEnd.addPsk(w.psk());
            MeterNode node = MeterNode.open(ConfigLoader.load(w.config()).config());
            Thread loop = Thread.ofPlatform().name("node-under-test").start(() -> {
                try (node) {
                    node.run();
                } catch (InterruptedException ignored) {
                    // stopped by the test
                }
            });
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> a.arrivals.size() >= 5);
                assertThat(b.headEnd.isRegistered(EP)).as("B sees the registration A made").isTrue();
                String firstId = a.headEnd.leshan().getRegistrationService().getByEndpoint(EP).getId();

                assertThat(redis.command("DEL", "REG#EP#" + EP)).isEqualTo(":1");
                int before = a.arrivals.size();
                await().atMost(Duration.ofSeconds(60)).until(() -> a.headEnd.isRegistered(EP)
                        && !a.headEnd.leshan().getRegistrationService().getByEndpoint(EP).getId().equals(firstId)
                        && a.arrivals.size() > before + 5);

                a.close();
                Instant lastAtA = a.arrivals.snapshot().stream().map(ReceivedReading::at).max(Instant::compareTo)
                        .orElseThrow();
                try (RigHeadEnd c = new RigHeadEnd(RigHeadEnd.options(dir.resolve("c.db"), port)
                        .withRedis(redis.uri()))) {
                    // C never saw the node's PSK or registration: both come from Redis.
                    // The first batch may be one A stored but could not acknowledge (at-least-once): wait for new ones.
                    await().atMost(Duration.ofSeconds(90)).until(() -> c.arrivals.stream()
                            .filter(r -> r.at().isAfter(lastAtA)).count() >= 5);
                    assertThat(c.arrivals.snapshot()).allMatch(r -> r.endpoint().equals(EP));
                }
            } finally {
                loop.interrupt();
                loop.join(20_000);
                a.close();
            }
        }
    }
}
