package org.meternode.rig;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.meternode.testkit.OutputLog;
import org.meternode.app.outbox.Outbox;
import org.meternode.tools.launch.NodeProcess;

/**
 * A sim node's directory for the security tests: a config with one CT clamp on a fast sim clock
 * (a reading every 1 virtual minute = 0.1 s at speed 600) and the given {@code security:} block,
 * run as a child JVM whose output lines are kept.
 */
final class SecureNode {
    final Path dir;
    final String endpoint;
    final OutputLog output;

    private SecureNode(Path dir, String endpoint) {
        this.dir = dir;
        this.endpoint = endpoint;
        this.output = new OutputLog("output of node " + endpoint, "node " + endpoint + " | ");
    }

    /**
     * @param security the lines under {@code security:}, indented by four spaces
     * @param speed    sim seconds per real second
     */
    static SecureNode write(Path dir, String endpoint, URI server, String security, int speed) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("meternode.yaml"), """
                node: { endpoint: %s }
                board: sim
                board-options:
                  speed: %d
                  meters: { A0: { type: ct-clamp } }
                sampling: { interval: 1m }
                channels:
                  - { id: mains, type: ct-clamp, input: A0, ratio: "100A:50mA", burden-ohm: 22 }
                server:
                  uri: %s
                  lifetime: 1h
                  security:
                %s
                uplink: { batch-size: 8, send-timeout: 3s, retry-min: 1s, retry-max: 4s }
                storage: { path: state }
                """.formatted(endpoint, speed, server, security.stripTrailing()));
        return new SecureNode(dir, endpoint);
    }

    Path config() {
        return dir.resolve("meternode.yaml");
    }

    NodeProcess start() throws IOException {
        return NodeProcess.start(config(), List.of("-Dorg.slf4j.simpleLogger.log.org.meternode.app.lwm2m.security=debug"),
                output::add);
    }

    long pendingInOutbox() {
        try (Outbox outbox = Outbox.open(dir.resolve("state/outbox.db"))) {
            return outbox.pendingCount();
        }
    }

    boolean said(String... parts) {
        return line(parts) != null;
    }

    /** The first output line containing all {@code parts}, or null. */
    String line(String... parts) {
        return output.line(parts);
    }

    long count(String part) {
        return output.count(part);
    }

    static Duration minutes(int n) {
        return Duration.ofMinutes(n);
    }
}
