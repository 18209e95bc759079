package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.meternode.testkit.OutputLog;
import org.meternode.app.update.NodeUpdates;
import org.meternode.app.update.SlotState;
import org.meternode.app.update.SlotStore;
import org.meternode.tools.headend.ReceivedReading;
import org.meternode.tools.launch.SimNodeSetup;
import org.meternode.tools.update.BundleSigner;
import org.meternode.tools.update.Ed25519Keys;
import org.meternode.tools.update.HeadEndUpdates;
import org.meternode.tools.update.LauncherProcess;

/**
 * A sim node under the A/B launcher in child JVMs, a head-end with firmware updates, a signing key
 * the node trusts, and bundles made from this build's jars (what a release would ship into a slot:
 * the firmware-app jar, its lib/ and, for the sim board, the sim profile jar).
 */
final class UpdateRig implements AutoCloseable {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    final String endpoint;
    final Path dir;
    final RigHeadEnd rig;
    final HeadEndUpdates updates;
    final SimNodeSetup.Written node;
    final Ed25519Keys.Written keys;
    final OutputLog output = new OutputLog("launcher output", Boolean.getBoolean("rig.echo") ? "node | " : null);
    final Duration healthTimeout;
    LauncherProcess launcher;

    UpdateRig(Path dir, String endpoint, Duration healthTimeout) throws IOException {
        this.dir = dir;
        this.endpoint = endpoint;
        this.healthTimeout = healthTimeout;
        rig = new RigHeadEnd(dir.resolve("head-end.db"), 0);
        updates = new HeadEndUpdates(rig.headEnd);
        node = SimNodeSetup.write(dir.resolve("node"), endpoint, rig.headEnd.uri(), "1m", 120, 11);
        rig.headEnd.addPsk(node.psk());
        keys = Ed25519Keys.generate(dir.resolve("keys"));
        Path trusted = storage().resolve(NodeUpdates.TRUSTED_KEY);
        Files.createDirectories(trusted.getParent());
        Files.copy(keys.publicKey(), trusted);
    }

    Path storage() {
        return node.config().getParent().resolve("state");
    }

    SlotState slots() throws IOException {
        return SlotStore.in(storage()).read();
    }

    /** The jars of a node slot from this build, firmware-app jar first. */
    static List<Path> nodeJars() throws IOException {
        List<Path> jars = new ArrayList<>();
        jars.add(single(REPO.resolve("firmware-app/target"), "meternode-firmware-app-"));
        jars.add(single(REPO.resolve("board-profiles/sim/target"), "meternode-board-sim-"));
        // Our own modules from this reactor build (lib/ may hold an older copy from the local repository).
        for (Path lib : BundleSigner.jarsOf(List.of(REPO.resolve("firmware-app/target/lib")))) {
            jars.add(lib.getFileName().toString().startsWith("meternode-hal-")
                    ? single(REPO.resolve("hal/target"), "meternode-hal-") : lib);
        }
        return jars;
    }

    private static Path single(Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".jar") && !p.getFileName().toString().contains("tests"))
                    .toList();
            assertThat(found).as("built jar %s* in %s", prefix, dir).hasSize(1);
            return found.get(0);
        }
    }

    /** A full bundle of this build's jars. */
    Path bundle(String name, String version, String board) throws Exception {
        return bundle(name, version, board, nodeJars(), List.of());
    }

    /** A delta bundle: jars equal to this build's are reused from the running image. */
    Path deltaBundle(String name, String version, String board) throws Exception {
        return bundle(name, version, board, nodeJars(), nodeJars());
    }

    /** Carries only the firmware-app jar (~150 KiB); the libraries are reused. */
    Path appOnlyBundle(String name, String version, String board) throws Exception {
        List<Path> jars = nodeJars();
        return bundle(name, version, board, jars, jars.subList(1, jars.size()));
    }

    Path bundle(String name, String version, String board, List<Path> jars, List<Path> base) throws Exception {
        Path out = dir.resolve(name);
        BundleSigner.sign(Ed25519Keys.readPrivate(keys.privateKey()), version, List.of(board), jars, base, out);
        return out;
    }

    LauncherProcess startLauncher() throws IOException {
        launcher = LauncherProcess.start(node.config(), healthTimeout, output::add);
        return launcher;
    }

    List<ReceivedReading> energy() {
        return rig.readings(endpoint, "grid.energy");
    }

    /** Waits until {@code more} new grid.energy readings arrived. */
    void awaitReadings(int more, Duration within) {
        int before = energy().size();
        await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> energy().size() >= before + more);
    }

    void awaitLine(String fragment, Duration within) {
        output.awaitLine(within, fragment);
    }

    /** Waits until more lines than {@code before} contain {@code fragment}. */
    void awaitLine2(String fragment, long before) {
        output.awaitLines(before + 1, Duration.ofSeconds(60), fragment);
    }

    long linesContaining(String fragment) {
        return output.count(fragment);
    }

    /** Cumulative energy arrived once per 1-minute interval, never going backwards, no conflicts. */
    void assertNoGapNoDuplicate() {
        List<ReceivedReading> rs = energy();
        for (int i = 1; i < rs.size(); i++) {
            assertThat(Duration.between(rs.get(i - 1).at(), rs.get(i).at())).as("no gap at %s", rs.get(i).at())
                    .isEqualTo(Duration.ofMinutes(1));
            assertThat(rs.get(i).value()).as("never backwards at %s", rs.get(i).at())
                    .isGreaterThanOrEqualTo(rs.get(i - 1).value());
        }
        assertThat(rig.headEnd.store().conflicts(endpoint)).as("no interval twice with different values").isZero();
    }

    @Override
    public void close() throws Exception {
        try {
            if (launcher != null) {
                launcher.close();
            }
        } finally {
            Files.write(Path.of("target", endpoint + "-launcher.log"), output.snapshot());
            updates.close();
            rig.close();
        }
    }
}
