package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.testkit.OutputLog;
import org.meternode.tools.cli.Meterctl;
import org.meternode.tools.headend.ReceivedReading;
import org.meternode.tools.launch.SimNodeSetup;
import org.meternode.tools.update.LauncherProcess;
import picocli.CommandLine;

/**
 * Remote management as an operator does it: {@code meterctl} commands queue requests in the
 * head-end's database, the head-end sends them over LwM2M/DTLS to a real node JVM (run by the
 * launcher, which restarts it after a reboot), and the commands print the node's answers.
 */
class ManagementIT {
    private static final String EP = "meter-managed";

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    private Result meterctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Meterctl.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private Result op(String command, String... rest) {
        List<String> args = new ArrayList<>(List.of(command, "--db", dir.resolve("head-end.db").toString(), "--wait", "30s"));
        args.addAll(List.of(rest));
        return meterctl(args.toArray(String[]::new));
    }

    @Test
    void an_operator_reads_configures_deactivates_and_reboots_a_node_through_meterctl() throws Exception {
        try (RigHeadEnd rig = new RigHeadEnd(dir.resolve("head-end.db"), 0)) {
            SimNodeSetup.Written w = SimNodeSetup.write(dir.resolve("node"), EP, rig.headEnd.uri(), "1m", 600, 21);
            rig.headEnd.addPsk(w.psk());
            OutputLog output = new OutputLog("node output", null);
            try (LauncherProcess node = LauncherProcess.start(w.config(), Duration.ofMinutes(2), output::add)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> rig.headEnd.isRegistered(EP));

                Result status = op("status", EP);
                assertThat(status.exit()).as(status.err()).isZero();
                assertThat(status.out()).contains("outbox depth:").contains("restarts:").contains("clock:");
                Result device = op("read", EP, "/3/0");
                assertThat(device.exit()).as(device.err()).isZero();
                assertThat(device.out()).contains("0: meternode").contains("2: " + EP).contains("11: 0=");
                assertThat(op("read", EP, "/4/0").exit()).isZero();

                // A valid new interval: applied without a restart; readings then come every 5 minutes.
                Result set = op("set", EP, "sampling.interval", "5m");
                assertThat(set.exit()).as(set.err()).isZero();
                int before = rig.readings(EP, "grid.energy").size();
                await().atMost(Duration.ofSeconds(30)).until(() -> rig.readings(EP, "grid.energy").size() >= before + 3);
                List<ReceivedReading> energy = rig.readings(EP, "grid.energy");
                assertThat(Duration.between(energy.get(energy.size() - 2).at(), energy.get(energy.size() - 1).at()))
                        .isEqualTo(Duration.ofMinutes(5));

                // An invalid one is refused with the config rule's words, and nothing changes.
                Result bad = op("set", EP, "sampling.interval", "7m");
                assertThat(bad.exit()).isEqualTo(1);
                assertThat(bad.err()).contains("BAD_REQUEST").contains("sampling.interval").contains("must divide 1d");
                assertThat(op("read", EP, "/32500/0/0").out().trim()).isEqualTo("300");

                // Channel calibration, checked by the same rules.
                assertThat(op("set", EP, "channels.mains.calibration", "1.5").exit()).isZero();
                Result badCal = op("set", EP, "channels.mains.calibration", "9");
                assertThat(badCal.exit()).isEqualTo(1);
                assertThat(badCal.err()).contains("calibration");

                // Deactivate one channel: it stops, the others go on.
                assertThat(op("deactivate", EP, "water").exit()).isZero();
                int water = rig.readings(EP, "water.volume").size();
                int grid = rig.readings(EP, "grid.energy").size();
                await().atMost(Duration.ofSeconds(30)).until(() -> rig.readings(EP, "grid.energy").size() >= grid + 4);
                assertThat(rig.readings(EP, "water.volume").size()).isLessThanOrEqualTo(water + 1);
                assertThat(op("activate", EP, "water").exit()).isZero();

                // Deactivate the node: no readings at all; activate: they come back.
                assertThat(op("deactivate", EP).exit()).isZero();
                int frozen = rig.readings(EP, "grid.energy").size();
                long idle = output.count("node deactivated, nothing metered");
                output.awaitLines(idle + 6, Duration.ofSeconds(30), "node deactivated, nothing metered");
                assertThat(rig.readings(EP, "grid.energy").size()).isLessThanOrEqualTo(frozen + 1);
                assertThat(op("activate", EP).exit()).isZero();
                int resumed = rig.readings(EP, "grid.energy").size();
                await().atMost(Duration.ofSeconds(30)).until(() -> rig.readings(EP, "grid.energy").size() >= resumed + 2);

                // Reboot: the node process restarts (launcher), registers again, keeps its settings.
                assertThat(op("reboot", EP).exit()).isZero();
                output.awaitLine(Duration.ofSeconds(60), "start #2");
                await().atMost(Duration.ofSeconds(60)).until(() -> "2".equals(op("read", EP, "/32500/0/9").out().trim()));
                assertThat(op("read", EP, "/32500/0/0").out().trim()).as("interval survives the reboot").isEqualTo("300");

                Result logs = op("logs", EP);
                assertThat(logs.out()).contains("interval");
                // A firmware update through the queue: a bundle that is not one is refused by the node.
                org.meternode.tools.update.QueuedUpdates.install(rig.headEnd);
                Path junk = dir.resolve("junk.mnfw");
                java.nio.file.Files.write(junk, new byte[4096]);
                Result update = meterctl("update", "push", "--db", dir.resolve("head-end.db").toString(), "--wait", "60s",
                        EP, junk.toString());
                assertThat(update.exit()).as(update.out() + update.err()).isEqualTo(1);
                assertThat(update.err()).contains("UPDATE_FAILED").containsPattern("update result [2-9]");
                assertThat(op("status", EP).exit()).as("node still fine").isZero();

                Result requests = meterctl("requests", "--db", dir.resolve("head-end.db").toString(), EP);
                assertThat(requests.out()).contains("DONE").contains("FAILED");
                System.out.println("management: status of " + EP + " via meterctl:\n" + status.out());
                node.stop(Duration.ofSeconds(20));
            }
        }
    }
}
