package org.meternode.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.config.ConfigLoader;
import org.meternode.app.config.ConfigOverlay;
import org.meternode.app.events.SecurityEvents;

/** A node opened over state files damaged while it was off: it starts, keeps them aside and says so. */
class MeterNodeDamagedStateTest {
    private static final String YAML = MeterNodeTest.YAML;

    @TempDir
    Path dir;

    @Test
    void a_garbage_outbox_and_overlay_are_kept_aside_reported_and_the_node_opens() throws Exception {
        Path config = dir.resolve("meternode.yaml");
        Files.writeString(config, YAML);
        Path state = Files.createDirectories(dir.resolve("state"));
        byte[] garbage = new byte[8192];
        new java.util.Random(7).nextBytes(garbage);
        Files.write(state.resolve("outbox.db"), garbage);
        Files.writeString(state.resolve(ConfigOverlay.FILE_NAME), "sampling.interval: [5m\n");

        try (MeterNode node = MeterNode.open(ConfigLoader.load(config).config())) {
            assertThat(node.config().sampling().interval()).hasToString("PT15M"); // the base config
            assertThat(node.management().health().storageDamage()).contains(state.resolve("outbox.db").toString())
                    .contains(state.resolve(ConfigOverlay.FILE_NAME).toString()).contains("line");
            assertThat(node.events().all()).filteredOn(e -> e.kind().equals(SecurityEvents.STATE_DAMAGED)).hasSize(2);
            node.outbox().appendInterval(java.time.Instant.parse("2026-03-01T10:00:00Z"), java.util.List.of(),
                    java.util.Map.of());
        }
        try (Stream<Path> files = Files.list(state)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("outbox.db.damaged-"))
                    .anyMatch(n -> n.startsWith(ConfigOverlay.FILE_NAME + ".damaged-"));
        }
        try (Stream<Path> files = Files.list(state)) {
            Path kept = files.filter(p -> p.getFileName().toString().matches("outbox\\.db\\.damaged-[0-9TZ]+"))
                    .findFirst().orElseThrow();
            assertThat(Files.readAllBytes(kept)).as("kept byte for byte").isEqualTo(garbage);
        }
    }
}
