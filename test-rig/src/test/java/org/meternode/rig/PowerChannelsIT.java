package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.config.ConfigLoader;
import org.meternode.app.node.MeterNode;
import org.meternode.board.sim.SimBoard;
import org.meternode.board.sim.TruthRecord;
import org.meternode.tools.headend.PskEntry;
import org.meternode.tools.headend.ReceivedReading;

/**
 * The sensor channels of a Pi-like node, end to end in one JVM on the sim board (which runs the real
 * ADS1115 and INA219 drivers against register models): a CT clamp with a voltage reference on one
 * ADS1115 reporting real power and energy, a battery on an INA219, a pulse meter, and the board
 * extras (watchdog, tamper switch, status LED). Values at the head-end are checked against the
 * sim's truth; then the INA219 is unplugged at run time.
 */
class PowerChannelsIT {
    private static final String EP = "meter-power-1";
    private static final String CT = "ads1115@0x48/A0";
    private static final String VOLTS = "ads1115@0x48/A1";
    private static final String INA = "ina219@0x40";

    @TempDir
    Path dir;

    @Test
    void real_power_dc_power_energy_and_the_board_extras_reach_the_head_end() throws Exception {
        try (RigHeadEnd rig = new RigHeadEnd(dir.resolve("head-end.db"), 0)) {
            Path config = writeConfig(rig);
            MeterNode node = MeterNode.open(ConfigLoader.load(config).config());
            SimBoard board = (SimBoard) node.board();
            Thread loop = Thread.ofPlatform().name("node-under-test").start(() -> {
                try (node) {
                    node.run();
                } catch (InterruptedException ignored) {
                    // stopped by the test
                }
            });
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> rig.readings(EP, "mains.energy").size() >= 8
                        && rig.readings(EP, "battery.energy").size() >= 8);
                await().atMost(Duration.ofSeconds(30)).until(board::statusLedOn);
                board.setTamperOpen(true);
                await().atMost(Duration.ofSeconds(30)).until(() -> rig.headEnd.securityEvents(EP).stream()
                        .anyMatch(e -> e.kind().equals("tamper") && e.detail().contains("opened")));

                // Truth at the moment each measurement was taken (the sim's journal), not at the interval end.
                List<ReceivedReading> power = rig.readings(EP, "mains.power");
                for (ReceivedReading p : power) {
                    Instant sampled = truth(board, CT, TruthRecord.AMPS_RMS_TRUE, p.at()).at();
                    assertThat(p.value()).as("real power at %s", p.at())
                            .isCloseTo(board.realWattsAt(CT, sampled), withinPercentage(2));
                    assertThat(p.unit()).isEqualTo("W");
                }
                for (ReceivedReading v : rig.readings(EP, "mains.voltage")) {
                    // One burst of the chip serves both inputs: it is journalled on the CT input.
                    Instant sampled = truth(board, CT, TruthRecord.AMPS_RMS_TRUE, v.at()).at();
                    assertThat(v.value()).as("mains volts at %s", v.at())
                            .isCloseTo(board.mainsVoltsAt(VOLTS, sampled), withinPercentage(1));
                }
                Instant lastPower = power.get(power.size() - 1).at();
                assertThat(rig.readings(EP, "mains.apparent-power").stream().filter(r -> !r.at().isAfter(lastPower)))
                        .hasSameSizeAs(power);
                assertEnergyIsTheTrapezoidOf(rig.readings(EP, "mains.energy"), power);
                List<ReceivedReading> dcPower = rig.readings(EP, "battery.power");
                for (ReceivedReading w : dcPower) {
                    assertThat(w.value()).as("DC power at %s", w.at())
                            .isCloseTo(truth(board, INA, TruthRecord.WATTS_TRUE, w.at()).value(), withinPercentage(2));
                }
                for (ReceivedReading v : rig.readings(EP, "battery.voltage")) {
                    assertThat(v.value()).isCloseTo(12.6, withinPercentage(1));
                }
                assertEnergyIsTheTrapezoidOf(rig.readings(EP, "battery.energy"), dcPower);
                assertThat(board.simWatchdog()).hasValueSatisfying(w -> {
                    assertThat(w.feeds()).as("fed while sampling is on schedule").isNotEmpty();
                    assertThat(w.fired()).isFalse();
                });

                // The INA219 stops answering: its streams turn FAULT, the others keep reporting.
                Instant unplugged = board.clock().instant();
                board.unplug(INA);
                await().atMost(Duration.ofSeconds(60)).until(() -> rig.readings(EP, "battery.voltage").stream()
                        .filter(r -> r.at().isAfter(unplugged)).count() >= 2);
                for (String stream : List.of("battery.voltage", "battery.current", "battery.energy")) {
                    assertThat(rig.readings(EP, stream).stream().filter(r -> r.at().isAfter(unplugged)))
                            .as(stream).isNotEmpty().allMatch(r -> r.quality().equals("FAULT"));
                }
                assertThat(rig.readings(EP, "battery.power").stream().filter(r -> r.at().isAfter(unplugged)))
                        .as("3305 cannot flag a fault: no value rather than a false 0 W").isEmpty();
                assertThat(rig.readings(EP, "mains.power").stream().filter(r -> r.at().isAfter(unplugged)))
                        .isNotEmpty().allMatch(r -> r.quality().equals("GOOD"));
                assertThat(node.management().health().sensorFaults()).isPositive();
                assertThat(node.management().health().lastFault()).contains("0x40");
            } finally {
                loop.interrupt();
                loop.join(20_000);
            }
            assertThat(rig.headEnd.store().conflicts(EP)).isZero();
        }
    }

    /**
     * The energy stream is the trapezoid integral of the power stream reported at the same interval
     * ends (interval ends the node missed while starting are interpolated: only their span counts).
     */
    private static void assertEnergyIsTheTrapezoidOf(List<ReceivedReading> energyArrived, List<ReceivedReading> power) {
        // The node keeps sending while the test reads: compare only the ends the power list covers.
        Instant lastPower = power.get(power.size() - 1).at();
        List<ReceivedReading> energy = energyArrived.stream().filter(e -> !e.at().isAfter(lastPower)).toList();
        java.util.Map<Instant, Double> watts = new java.util.HashMap<>();
        power.forEach(p -> watts.put(p.at(), p.value()));
        assertThat(energy.get(0).value()).as("energy starts at zero").isZero();
        double expectedKwh = 0;
        Instant last = energy.get(0).at();
        for (int i = 1; i < energy.size(); i++) {
            assertThat(energy.get(i).value()).as("energy never goes backwards")
                    .isGreaterThanOrEqualTo(energy.get(i - 1).value());
            Instant b = energy.get(i).at();
            if (!watts.containsKey(b)) {
                continue; // an interpolated end: no power was measured there
            }
            double hours = Duration.between(last, b).toMillis() / 3.6e6;
            expectedKwh += (Math.max(0, watts.get(last)) + Math.max(0, watts.get(b))) / 2 * hours / 1000;
            last = b;
        }
        assertThat(energy.get(energy.size() - 1).value()).isCloseTo(expectedKwh, withinPercentage(0.1));
    }

    /** The sim's record of what it handed out for {@code pin} after interval end {@code end}, before the next. */
    /** The journal record of {@code kind} for the burst that sampled the interval ending at {@code end}. */
    static TruthRecord truth(SimBoard board, String pin, String kind, Instant end) {
        return board.journal().stream()
                .filter(r -> r.pin().equals(pin) && r.kind().equals(kind))
                .filter(r -> !r.at().isBefore(end) && r.at().isBefore(end.plusSeconds(60)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " of " + pin + " after " + end));
    }

    private Path writeConfig(RigHeadEnd rig) throws Exception {
        Path nodeDir = Files.createDirectories(dir.resolve("node"));
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        Path keyFile = nodeDir.resolve("psk.key");
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(keyFile, HexFormat.of().formatHex(key) + "\n");
        rig.headEnd.addPsk(new PskEntry(EP, EP, key));
        Path config = nodeDir.resolve("meternode.yaml");
        Files.writeString(config, """
                node: { endpoint: %1$s }
                board: sim
                board-options:
                  speed: 600
                  seed: 11
                  start: 2026-01-05T17:00:00Z
                  meters:
                    GPIO17: { type: s0-electricity, pulses-per-kwh: 1000 }
                    %2$s: { type: ct-clamp, ratio: "100A:50mA", burden-ohm: 22, power-factor: 0.9 }
                    %3$s: { type: ac-voltage, volts-rms: 230, volts-per-volt: 287.5 }
                    %4$s: { type: ina219, bus-volts: 12.6, base-amps: 0.5, peak-amps: 2.0 }
                    GPIO22: { type: digital, initial: false }
                    GPIO24: { type: digital }
                  watchdog: { timeout: 15s }
                  tamper: GPIO22
                  status-led: GPIO24
                sampling: { interval: 1m, align: true }
                channels:
                  - { id: grid, type: pulse, input: GPIO17, pulses-per-kwh: 1000 }
                  - { id: mains, type: ct-clamp, input: %2$s, ratio: "100A:50mA", burden-ohm: 22,
                      voltage-input: %3$s, volts-per-volt: 287.5 }
                  - { id: battery, type: dc-power, input: %4$s, shunt-ohm: 0.1, max-amps: 3.2 }
                server:
                  uri: %5$s
                  security: { mode: psk, identity: %1$s, key-file: psk.key }
                  lifetime: 5m
                uplink: { retry-min: 1s, retry-max: 5s }
                storage: { path: state }
                """.formatted(EP, CT, VOLTS, INA, rig.headEnd.uri()));
        return config;
    }
}
