package org.meternode.rig;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import org.meternode.app.config.ConfigLoader;
import org.meternode.app.node.MeterNode;
import org.meternode.tools.launch.SimNodeSetup;

/**
 * The node side of {@link FullDiskIT}, run in a child JVM whose {@code args[0]} is a small tmpfs:
 * a sim node meters, the disk is filled, intervals pass, the filler is deleted, intervals pass; it
 * prints what health said on the way and copies the outbox to {@code args[1]} for the test to check.
 */
public final class FullDiskNode {
    private FullDiskNode() {
    }

    public static void main(String[] args) throws Exception {
        Path disk = Path.of(args[0]);
        Path out = Path.of(args[1]);
        // no head-end: nothing is delivered, every reading stays in the outbox for the test to read
        SimNodeSetup.Written w = SimNodeSetup.write(disk.resolve("node"), "meter-full-disk",
                URI.create("coaps://127.0.0.1:9"), "1m", 600, 23);
        MeterNode node = MeterNode.open(ConfigLoader.load(w.config()).config());
        Thread loop = Thread.ofPlatform().name("node-under-test").start(() -> {
            try (node) {
                node.run();
            } catch (InterruptedException ignored) {
                // stopped
            } catch (Throwable e) {
                System.out.println("NODE-DIED " + e);
            }
        });
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> node.outbox().pendingCount() >= 12);
            Path filler = disk.resolve("filler");
            fill(filler);
            System.out.println("FILLED free=" + Files.getFileStore(disk).getUsableSpace());
            await().atMost(Duration.ofSeconds(90)).until(() -> !node.management().health().storeProblem().isEmpty());
            Instant failing = node.board().sleeper().clock().instant();
            System.out.println("STORE-PROBLEM " + node.management().health().storeProblem());
            await().atMost(Duration.ofSeconds(60)).until(() -> node.board().sleeper().clock().instant()
                    .isAfter(failing.plus(Duration.ofMinutes(4))));
            System.out.println("STILL-PROBLEM " + !node.management().health().storeProblem().isEmpty() + " alive " + loop.isAlive());
            Files.delete(filler);
            await().atMost(Duration.ofSeconds(60)).until(() -> node.management().health().storeProblem().isEmpty());
            Instant recovered = node.board().sleeper().clock().instant();
            System.out.println("STORE-OK at " + recovered);
            await().atMost(Duration.ofSeconds(60)).until(() -> node.outbox().lastIntervalEnd()
                    .map(e -> e.isAfter(recovered.plus(Duration.ofMinutes(3)))).orElse(false));
        } finally {
            loop.interrupt();
            loop.join(20_000);
        }
        Files.createDirectories(out);
        Files.copy(disk.resolve("node/state/outbox.db"), out.resolve("outbox.db"), StandardCopyOption.REPLACE_EXISTING);
        System.out.println("DONE alive-at-end " + loop.isAlive());
    }

    private static void fill(Path filler) {
        byte[] block = new byte[4096];
        try (OutputStream o = Files.newOutputStream(filler)) {
            while (true) {
                o.write(block);
            }
        } catch (IOException full) {
            // the disk is full: that is the point
        }
    }
}
