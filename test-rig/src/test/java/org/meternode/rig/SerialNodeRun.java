package org.meternode.rig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.meternode.testkit.OutputLog;
import org.meternode.tools.headend.PskEntry;
import org.meternode.tools.headend.ReceivedReading;
import org.meternode.tools.launch.NodeProcess;

/**
 * A node in a child JVM with one serial meter channel, reporting over DTLS to the rig's head-end
 * every 2 s: the config is written here around the channel's YAML, and the node's output lines kept.
 */
final class SerialNodeRun implements AutoCloseable {
    final OutputLog lines = new OutputLog("node output", "node | ");
    private final NodeProcess node;

    SerialNodeRun(Path dir, RigHeadEnd rig, String endpoint, String channelYaml, List<String> jvmFlags)
            throws IOException {
        Path config = writeConfig(dir, rig, endpoint, channelYaml);
        node = NodeProcess.start(config, jvmFlags, lines::add);
    }

    /** A node config in {@code dir} with these channels (YAML list items), its PSK added to the head-end. */
    static Path writeConfig(Path dir, RigHeadEnd rig, String endpoint, String channelYaml) throws IOException {
        Files.createDirectories(dir);
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        rig.headEnd.addPsk(new PskEntry(endpoint, endpoint, key));
        String yaml = """
                node:
                  endpoint: %1$s
                board: sim
                board-options: { speed: 1 }
                sampling:
                  interval: 2s
                  align: true
                channels:
                %2$s
                server:
                  uri: %3$s
                  security:
                    identity: %1$s
                    key-hex: %4$s
                  lifetime: 5m
                uplink:
                  retry-min: 1s
                  retry-max: 5s
                storage:
                  path: state
                """.formatted(endpoint, channelYaml.strip().indent(2).stripTrailing(), rig.headEnd.uri(),
                HexFormat.of().formatHex(key));
        Path config = dir.resolve("meternode.yaml");
        Files.writeString(config, yaml);
        return config;
    }

    List<String> lines() {
        return lines.snapshot();
    }

    /** Readings of a stream by interval end. */
    static Map<java.time.Instant, ReceivedReading> byTime(List<ReceivedReading> readings) {
        return readings.stream().collect(Collectors.toMap(ReceivedReading::at, r -> r, (a, b) -> a));
    }

    static boolean fault(ReceivedReading r) {
        return r.quality() != null && r.quality().contains("FAULT");
    }

    @Override
    public void close() throws InterruptedException {
        node.close();
    }
}
