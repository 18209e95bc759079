package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.config.ConfigLoader;
import org.meternode.app.events.SecurityEvents;
import org.meternode.app.node.MeterNode;
import org.meternode.board.sim.SimBoard;
import org.meternode.board.sim.TruthRecord;
import org.meternode.tools.headend.NodeSecurityEvent;
import org.meternode.tools.headend.ReceivedReading;
import org.meternode.tools.launch.SimNodeSetup;

/**
 * A Pi without RTC, end to end: the sim node boots with its clock at 1970 and not synchronised,
 * registers and keeps counting pulses but stores nothing; NTP then steps the clock to the right
 * time. The head-end must receive exactly the interval ends sampled after the sync, none in 1970,
 * the first one holding every pulse since boot; object 3 shows the node's clock throughout.
 */
class ClockJumpIT {
    private static final String EP = "meter-clock-1";

    @TempDir
    Path dir;

    @Test
    void a_node_booting_in_1970_reports_only_intervals_after_ntp_sync_and_loses_no_pulse() throws Exception {
        try (RigHeadEnd rig = new RigHeadEnd(dir.resolve("head-end.db"), 0)) {
            SimNodeSetup.Written w = SimNodeSetup.write(dir.resolve("node"), EP, rig.headEnd.uri(), "1m", 120, 7);
            rig.headEnd.addPsk(w.psk());
            MeterNode node = MeterNode.open(ConfigLoader.load(w.config()).config());
            SimBoard board = (SimBoard) node.board();
            Instant boot = board.clock().instant();
            board.setClockSynchronised(false);
            board.stepClock(Duration.between(boot, Instant.EPOCH));
            Thread loop = Thread.ofPlatform().name("node-under-test").start(() -> {
                try (node) {
                    node.run();
                } catch (InterruptedException ignored) {
                    // stopped by the test
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.headEnd.isRegistered(EP));
            await().atMost(Duration.ofSeconds(30)).until(() -> node.clockState().startsWith("unsynced"));
            assertThat(deviceTime(rig)).as("object 3 current time: the node's clock").isBefore(Instant.parse("1971-01-01T00:00:00Z"));
            await().atMost(Duration.ofSeconds(30)).until(() -> board.clock().instant().isAfter(boot.plus(Duration.ofMinutes(4))));
            assertThat(node.outbox().lastIntervalEnd()).as("nothing stored while unsynchronised").isEmpty();

            board.stepClock(board.clockOffset().negated());
            Instant synced = board.clock().instant();
            board.setClockSynchronised(true);
            await().atMost(Duration.ofSeconds(60)).until(() -> pulseReads(board).size() >= 6);
            Instant deviceTime = deviceTime(rig);
            Instant nodeTime = board.sleeper().clock().instant();
            node.management().setActive(false);
            // A sample already under way when deactivated is still stored: wait for an inactive one after it.
            Instant deactivated = node.outbox().lastIntervalEnd().orElseThrow();
            await().atMost(Duration.ofSeconds(30)).until(() -> node.outbox().lastIntervalEnd().orElseThrow()
                    .isAfter(deactivated.plus(Duration.ofMinutes(1))));
            await().atMost(Duration.ofSeconds(30)).until(() -> node.outbox().pendingCount() == 0);
            String clockState = node.clockState();
            List<String> eventKinds = node.events().all().stream().map(e -> e.kind()).toList();
            Instant unsyncedEventAt = node.events().all().stream()
                    .filter(e -> e.kind().equals(SecurityEvents.CLOCK_UNSYNCHRONISED)).findFirst().orElseThrow().at();
            Instant lastDelivery = node.outbox().lastDelivery().orElseThrow();
            Instant nodeTimeAtEnd = board.sleeper().clock().instant();
            loop.interrupt();
            loop.join(20_000);

            List<TruthRecord> reads = pulseReads(board);
            List<ReceivedReading> energy = rig.readings(EP, "grid.energy");
            Instant first = energy.get(0).at();
            assertThat(first).as("the first interval end after the sync").isAfter(synced)
                    .isBeforeOrEqualTo(synced.plus(Duration.ofMinutes(1)).plus(Duration.ofSeconds(10)));
            for (int i = 0; i < energy.size(); i++) {
                assertThat(energy.get(i).at()).as("every minute end once, none skipped").isEqualTo(
                        first.plus(Duration.ofMinutes(i)));
            }
            // Read ends match the counter reads one to one (an end the loaded machine slept past is back-filled
            // as interpolated, never read late); the first holds every pulse since boot.
            List<ReceivedReading> read = energy.stream().filter(r -> r.quality().equals("GOOD")).toList();
            assertThat(read).as("energy %s%nreads %s", energy, reads).hasSize(reads.size());
            assertThat(read.get(0).at()).isEqualTo(first);
            for (int i = 0; i < read.size(); i++) {
                assertThat(reads.get(i).at()).as("counter read at interval end").isBetween(read.get(i).at(),
                        read.get(i).at().plusSeconds(30));
                assertThat(read.get(i).value()).isEqualTo(reads.get(i).value() / 1000.0,
                        org.assertj.core.data.Offset.offset(1e-9));
            }
            assertThat(reads.get(0).value()).as("pulses counted while unsynchronised").isEqualTo(
                    board.pulsesAt("GPIO17", reads.get(0).at()));
            assertThat(energy).extracting(ReceivedReading::value).isSorted();
            assertThat(rig.headEnd.store().duplicates(EP)).isZero();
            assertThat(Duration.between(nodeTime, deviceTime).abs()).as("object 3 time after sync")
                    .isLessThan(Duration.ofMinutes(2));
            assertThat(clockState).startsWith("synced");
            // Event log and outbox run on the board's clock, not the machine's: 1970, and virtual time.
            assertThat(unsyncedEventAt).isBefore(Instant.parse("1971-01-01T00:00:00Z"));
            assertThat(Duration.between(lastDelivery, nodeTimeAtEnd).abs()).isLessThan(Duration.ofMinutes(3));
            assertThat(Duration.between(Instant.now(), nodeTimeAtEnd)).as("virtual time ran ahead")
                    .isGreaterThan(Duration.ofMinutes(6));
            assertThat(eventKinds).containsSubsequence(
                    SecurityEvents.CLOCK_UNSYNCHRONISED, SecurityEvents.CLOCK_SYNCHRONISED);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(rig.headEnd.securityEvents(EP))
                    .extracting(NodeSecurityEvent::kind).contains(SecurityEvents.CLOCK_SYNCHRONISED));
        }
    }

    /** Object 3 resource 13, read by the head-end. */
    private static Instant deviceTime(RigHeadEnd rig) throws InterruptedException {
        Registration reg = rig.headEnd.leshan().getRegistrationService().getByEndpoint(EP);
        ReadResponse r = rig.headEnd.leshan().send(reg, new ReadRequest(3, 0, 13), 10_000);
        assertThat(r).isNotNull();
        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        return ((Date) ((LwM2mSingleResource) r.getContent()).getValue()).toInstant();
    }

    private static List<TruthRecord> pulseReads(SimBoard board) {
        return SimNodeIT.pulseReads(board, "grid");
    }
}
