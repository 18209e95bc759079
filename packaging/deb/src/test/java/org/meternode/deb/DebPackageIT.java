package org.meternode.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.meternode.tools.headend.HeadEnd;
import org.meternode.tools.headend.HeadEndOptions;
import org.meternode.tools.headend.PskEntry;

/**
 * The package as a user gets it: the .deb this module built, checked by lintian and the unit's
 * security gate, then installed with apt into a Debian 13 (trixie) root booted with real systemd in
 * systemd-nspawn, provisioned with the packaged commands, and reporting to a head-end on the host's
 * loopback. The root comes from {@code packaging/deb/trixie-root} (built once, then cached). Runs as
 * root only (nspawn, debootstrap); installs debootstrap, systemd-container and lintian when missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebPackageIT {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final String EP = "meter-deb-it";
    /** The bar for {@code systemd-analyze security} (0 = locked down, 10 = exposed). */
    private static final double EXPOSURE_GATE = 2.0;

    private Path work;
    private Path deb;
    private BootedRoot node;
    private HeadEnd headEnd;
    private final List<String> headEndLines = new java.util.concurrent.CopyOnWriteArrayList<>();
    private String installOutput;

    @BeforeAll
    void bootTrixieAndInstall() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "DebPackageIT needs root (systemd-nspawn, debootstrap); skipped as " + System.getProperty("user.name"));
        deb = builtDeb();
        ensureCommands("systemd-nspawn", "systemd-container", "lintian", "lintian", "nsenter", "util-linux");
        long t0 = System.nanoTime();
        BootedRoot.Result root = BootedRoot.host(Duration.ofMinutes(20), MODULE.resolve("trixie-root").toString());
        assertThat(root.code()).as("trixie-root:\n" + root.output()).isZero();
        Path tarball = Path.of(root.output().lines().reduce((a, b) -> b).orElseThrow().strip());
        work = Files.createTempDirectory(MODULE.resolve("target"), "nspawn-");
        node = BootedRoot.boot(tarball, work, Duration.ofMinutes(2));
        System.out.printf("trixie root ready and booted in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        Files.copy(deb, node.file("/var/tmp/meternode.deb"), StandardCopyOption.REPLACE_EXISTING);
        t0 = System.nanoTime();
        installOutput = node.ok("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y",
                "/var/tmp/meternode.deb");
        System.out.printf("apt install took %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    void shutDown() throws Exception {
        if (headEnd != null) {
            headEnd.close();
        }
        if (node != null) {
            node.close();
            // The root is a few hundred MB; the boot log stays for a failed run's reader.
            if (work != null) {
                BootedRoot.host(Duration.ofMinutes(2), "rm", "-rf", "--one-file-system", node.root.toString());
            }
        }
    }

    @Test
    @Order(1)
    void lintian_finds_no_error_or_warning() throws Exception {
        BootedRoot.Result r = BootedRoot.host(Duration.ofMinutes(5), "lintian", "--fail-on", "error,warning",
                deb.toString());
        System.out.println("lintian:\n" + r.output());
        assertThat(r.code()).as("lintian on " + deb.getFileName() + ":\n" + r.output()).isZero();
        assertThat(r.output().lines().filter(l -> l.startsWith("E:") || l.startsWith("W:")))
                .as("lintian errors and warnings").isEmpty();
    }

    @Test
    @Order(2)
    void a_fresh_install_is_enabled_stopped_and_valid() throws Exception {
        assertThat(installOutput).contains("not provisioned yet");
        assertThat(node.run("systemctl", "is-enabled", "meternode").trimmed()).isEqualTo("enabled");
        assertThat(node.run("systemctl", "is-active", "meternode").trimmed()).isEqualTo("inactive");
        assertThat(node.run("systemctl", "is-enabled", "meternode-firstboot").trimmed()).isEqualTo("enabled");
        assertThat(node.ok("id", "-nG", "meternode")).contains("dialout");
        assertThat(node.ok("stat", "-c", "%a %U:%G", "/var/lib/meternode").strip()).isEqualTo("750 meternode:meternode");
        assertThat(node.ok("stat", "-c", "%a %U:%G", "/etc/meternode").strip()).isEqualTo("750 root:meternode");
        assertThat(node.ok("meternode", "check-config", "/etc/meternode/meternode.yaml")).isNotBlank();
        assertThat(node.ok("dpkg-query", "-W", "-f", "${Conffiles}", "meternode"))
                .contains("/etc/meternode/meternode.yaml");
    }

    @Test
    @Order(3)
    void the_unit_verifies_and_passes_the_exposure_gate() throws Exception {
        BootedRoot.Result verify = node.run("systemd-analyze", "verify", "meternode.service");
        assertThat(verify.code()).as("systemd-analyze verify:\n" + verify.output()).isZero();
        BootedRoot.Result security = node.run("systemd-analyze", "security", "--offline=yes",
                "--threshold=" + Math.round(EXPOSURE_GATE * 10), "--no-pager", "meternode.service");
        Matcher m = Pattern.compile("Overall exposure level for meternode\\.service: (\\d+\\.\\d+)")
                .matcher(security.output());
        assertThat(m.find()).as("an exposure level in:\n" + security.output()).isTrue();
        double exposure = Double.parseDouble(m.group(1));
        System.out.println("systemd-analyze security (trixie): exposure " + exposure);
        assertThat(exposure).as("exposure of meternode.service").isLessThanOrEqualTo(EXPOSURE_GATE);
        assertThat(security.code()).as("systemd-analyze security --threshold exit code").isZero();
    }

    @Test
    @Order(4)
    void provisioned_with_the_packaged_commands_it_reports_to_the_head_end() throws Exception {
        headEnd = new HeadEnd(HeadEndOptions.psk(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                work.resolve("head-end.db"), List.of()), headEndLines::add);
        headEnd.start();
        String server = "coaps://127.0.0.1:" + headEnd.uri().getPort();
        // The field engineer's steps (README.install), with the packaged meterctl and meternode.
        node.ok("meterctl", "bundle", "create", "--endpoint", EP, "--server", server, "--mode", "psk",
                "--out", "/var/tmp/node.bundle");
        node.ok("meternode", "import-bundle", "/var/tmp/node.bundle", "--config-dir", "/etc/meternode");
        node.ok("meterctl", "psk", "new", "--endpoint", EP, "--out", "/etc/meternode");
        headEnd.addPsk(PskEntry.parse(Files.readString(node.file("/etc/meternode/head-end.psk")).strip()));
        // The sim board stands in for the Pi's GPIO17 meter; an interval of 1 min at 60x sim speed.
        Path config = node.file("/etc/meternode/meternode.yaml");
        String yaml = Files.readString(config);
        assertThat(yaml).contains("board: pi\n", "interval: 15m\n", "input: GPIO17", "endpoint: " + EP);
        Files.writeString(config, SimBoardConfig.of(yaml));
        node.ok("meternode", "check-config", "/etc/meternode/meternode.yaml");
        // A short watchdog, to see WATCHDOG=1 arrive within the test.
        Path dropIn = Files.createDirectories(node.file("/etc/systemd/system/meternode.service.d"));
        Files.writeString(dropIn.resolve("test-watchdog.conf"), "[Service]\nWatchdogSec=6s\n");
        node.ok("systemctl", "daemon-reload");

        long t0 = System.nanoTime();
        node.ok("systemctl", "start", "meternode"); // Type=notify: returns once the node said READY=1
        System.out.printf("systemctl start (to READY=1) took %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertThat(node.ok("systemctl", "show", "-p", "StatusText", "--value", "meternode"))
                .contains("sampling 1 channel");
        String mainPid = node.ok("systemctl", "show", "-p", "MainPID", "--value", "meternode").strip();
        assertThat(node.ok("stat", "-c", "%U", "/proc/" + mainPid).strip()).as("the service's user").isEqualTo("meternode");

        await("readings from " + EP + " at the head-end (journal: journalctl -u meternode in " + work + ")")
                .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> headEnd.store().count(EP) > 0);
        System.out.printf("first reading at the head-end %.1f s after systemctl start%n", (System.nanoTime() - t0) / 1e9);
        Registration registration = headEnd.leshan().getRegistrationService().getByEndpoint(EP);
        assertThat(registration).as("registration of " + EP).isNotNull();
        assertThat(registration.getQueueMode()).as("the packaged config's queue mode").isTrue();

        String first = watchdogTimestamp();
        await("WATCHDOG=1 from the healthy node").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> !watchdogTimestamp().equals(first));
        assertThat(node.run("systemctl", "is-active", "meternode").trimmed()).isEqualTo("active");
        // Logs: journald reads each line's priority from the <N> prefix the node writes on its stream.
        String journal = node.ok("journalctl", "-u", "meternode", "--no-pager", "-o", "json",
                "--output-fields=MESSAGE,PRIORITY");
        String sampling = journal.lines().filter(l -> l.contains("systemd watchdog pinged every")).findFirst()
                .orElseThrow(() -> new AssertionError("no watchdog line in the journal:\n" + journal));
        assertThat(sampling).contains("\"PRIORITY\":\"6\"").doesNotContain("\"MESSAGE\":\"INFO ")
                .doesNotContain("<6>");
        assertThat(journal).as("a raw priority prefix in a message").doesNotContain("\"MESSAGE\":\"<");
    }

    @Test
    @Order(5)
    void a_first_boot_folder_is_imported_once_by_its_unit_and_a_bad_one_kept() throws Exception {
        String server = "coaps://127.0.0.1:" + headEnd.uri().getPort();
        Path folder = Files.createDirectories(node.file("/boot/firmware/meternode"));
        node.ok("meterctl", "bundle", "create", "--endpoint", EP, "--server", server, "--mode", "psk",
                "--out", "/boot/firmware/meternode/a.bundle");
        Files.copy(folder.resolve("a.bundle"), folder.resolve("b.bundle"));
        BootedRoot.Result bad = node.run("systemctl", "start", "meternode-firstboot");
        assertThat(bad.code()).as("the first-boot unit with two bundles").isNotZero();
        assertThat(node.run("journalctl", "-u", "meternode-firstboot", "--no-pager", "-o", "cat").output())
                .contains("2 bundles in /boot/firmware/meternode");
        assertThat(folder.resolve("a.bundle")).as("a refused folder is kept").exists();

        Files.delete(folder.resolve("b.bundle"));
        node.ok("systemctl", "reset-failed", "meternode-firstboot");
        node.ok("systemctl", "start", "meternode-firstboot");
        assertThat(folder).as("the imported folder").doesNotExist();
        assertThat(node.ok("journalctl", "-u", "meternode-firstboot", "--no-pager", "-o", "cat"))
                .contains("provisioned from /boot/firmware/meternode/a.bundle");
        assertThat(node.ok("meternode", "check-config", "/etc/meternode/meternode.yaml")).isNotBlank();
        assertThat(node.ok("stat", "-c", "%a %U", "/etc/meternode/psk.key").strip()).isEqualTo("600 meternode");
    }

    @Test
    @Order(6)
    void removing_and_purging_the_package_keeps_the_readings() throws Exception {
        node.ok("systemctl", "stop", "meternode");
        Path outbox = node.file("/var/lib/meternode/outbox.db");
        assertThat(outbox).as("the node's outbox").isNotEmptyFile();
        long size = Files.size(outbox);
        node.ok("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "remove", "-y", "meternode");
        assertThat(outbox).as("the outbox after apt-get remove").isNotEmptyFile();
        String purge = node.ok("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "purge", "-y", "meternode");
        assertThat(purge).contains("/var/lib/meternode kept");
        assertThat(Files.size(outbox)).as("the outbox after purge").isEqualTo(size);
        assertThat(node.file("/usr/share/meternode")).doesNotExist();
    }

    private String watchdogTimestamp() throws IOException, InterruptedException {
        return node.ok("systemctl", "show", "-p", "WatchdogTimestampMonotonic", "--value", "meternode").strip();
    }

    /** The one .deb this module's package phase wrote to target/. */
    static Path builtDeb() throws IOException {
        try (Stream<Path> files = Files.list(MODULE.resolve("target"))) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("meternode_.*_all\\.deb")).toList();
            assertThat(debs).as("the .deb in target/ (built by this module's package phase)").hasSize(1);
            return debs.get(0);
        }
    }

    /** Pairs of command and Debian package: installs the packages of the commands that are missing. */
    static void ensureCommands(String... commandAndPackage) throws IOException, InterruptedException {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < commandAndPackage.length; i += 2) {
            if (BootedRoot.host(Duration.ofSeconds(10), "sh", "-c", "command -v " + commandAndPackage[i]).code() != 0) {
                missing.add(commandAndPackage[i + 1]);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        System.out.println("DebPackageIT: installing " + missing);
        BootedRoot.Result update = BootedRoot.host(Duration.ofMinutes(5), "apt-get", "update", "-qq");
        assertThat(update.code()).as("apt-get update:\n" + update.output()).isZero();
        List<String> install = new ArrayList<>(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install",
                "-y", "-qq", "--no-install-recommends"));
        install.addAll(missing);
        BootedRoot.Result r = BootedRoot.host(Duration.ofMinutes(10), install.toArray(String[]::new));
        assertThat(r.code()).as("installing " + missing + ":\n" + r.output()).isZero();
    }
}
