package org.meternode.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.meternode.tools.headend.HeadEnd;
import org.meternode.tools.headend.HeadEndOptions;
import org.meternode.tools.headend.PskEntry;

/**
 * The same .deb on the two ARM JVMs a Raspberry Pi runs: a Debian 13 root per architecture (built
 * once by {@code trixie-root}, then cached), entered with {@code chroot} through binfmt_misc and
 * qemu-user-static. In each: {@code apt install} the package, {@code meternode check-config},
 * provision through the packaged first-boot script (a bundle, a PSK and a config in a folder, as
 * on the SD card's boot partition), and launch the sim node as the {@code meternode} user
 * against a head-end on the host's loopback until its readings arrive. qemu translates every
 * instruction, so the start times printed here are several times a real Pi's.
 *
 * <p>The root is bind-mounted onto itself first, as the package would be on a board's own root.
 * Root only (chroot, mounts). A slow job, not in every run: {@code ./run-tests --slow}.
 */
class ArmRootsIT {
    private static final Path MODULE = Path.of("").toAbsolutePath();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"arm64", "armhf"})
    void the_package_installs_and_the_node_reports_from_an_arm_jvm(String arch) throws Exception {
        assumeTrue(Boolean.getBoolean("meternode.slow-tests"),
                "ArmRootsIT is a slow job (about 5 min, 12 with the roots' first build): ./run-tests --slow");
        assumeTrue("root".equals(System.getProperty("user.name")),
                "ArmRootsIT needs root (chroot, mounts); skipped as " + System.getProperty("user.name"));
        Path deb = DebPackageIT.builtDeb();
        long t0 = System.nanoTime();
        BootedRoot.Result built = BootedRoot.host(Duration.ofMinutes(30), MODULE.resolve("trixie-root").toString(), arch);
        assertThat(built.code()).as("trixie-root " + arch + ":\n" + built.output()).isZero();
        Path tarball = Path.of(built.output().lines().reduce((a, b) -> b).orElseThrow().strip());
        System.out.printf("%s: root ready in %.1f s%n", arch, secondsSince(t0));

        Path work = Files.createTempDirectory(MODULE.resolve("target"), "chroot-" + arch + "-");
        Path root = Files.createDirectories(work.resolve("root"));
        BootedRoot.hostOk("tar", "-C", root.toString(), "-xzf", tarball.toString());
        String endpoint = "meter-" + arch;
        try (Mounted mounted = Mounted.at(root);
             HeadEnd headEnd = new HeadEnd(HeadEndOptions.psk(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                     work.resolve("head-end.db"), List.of()), line -> { })) {
            headEnd.start();
            Files.copy(deb, root.resolve("var/tmp/meternode.deb"), StandardCopyOption.REPLACE_EXISTING);
            t0 = System.nanoTime();
            String install = in(root, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y",
                    "/var/tmp/meternode.deb");
            System.out.printf("%s: apt install took %.1f s%n", arch, secondsSince(t0));
            assertThat(install).contains("Setting up meternode");
            assertThat(in(root, "dpkg", "--print-architecture").strip()).isEqualTo(arch);
            assertThat(in(root, "java", "-XshowSettings:properties", "-version")).contains("os.arch = "
                    + (arch.equals("arm64") ? "aarch64" : "arm"));
            t0 = System.nanoTime();
            in(root, "meternode", "check-config", "/etc/meternode/meternode.yaml");
            System.out.printf("%s: meternode check-config took %.1f s%n", arch, secondsSince(t0));

            // First-boot provisioning, as from the SD card's meternode/ folder: a bundle, the node's
            // PSK and a config, written with the packaged meterctl, imported by the packaged script.
            String server = "coaps://127.0.0.1:" + headEnd.uri().getPort();
            Path folder = Files.createDirectories(root.resolve("var/tmp/firstboot"));
            in(root, "meterctl", "bundle", "create", "--endpoint", endpoint, "--server", server, "--mode", "psk",
                    "--out", "/var/tmp/firstboot/" + endpoint + ".bundle");
            in(root, "meterctl", "psk", "new", "--endpoint", endpoint, "--out", "/var/tmp/firstboot");
            headEnd.addPsk(PskEntry.parse(Files.readString(folder.resolve("head-end.psk")).strip()));
            String packaged = Files.readString(root.resolve("etc/meternode/meternode.yaml"));
            Files.writeString(folder.resolve("meternode.yaml"), SimBoardConfig.of(packaged));
            t0 = System.nanoTime();
            String firstboot = in(root, "/usr/share/meternode/firstboot", "/var/tmp/firstboot");
            System.out.printf("%s: first-boot provisioning took %.1f s%n", arch, secondsSince(t0));
            assertThat(firstboot).contains("provisioned from");
            assertThat(folder).as("the first-boot folder (it held the key)").doesNotExist();
            assertThat(in(root, "stat", "-c", "%a %U", "/etc/meternode/psk.key").strip()).isEqualTo("600 meternode");
            assertThat(Files.readString(root.resolve("etc/meternode/meternode.yaml")))
                    .contains("endpoint: " + endpoint, "board: sim", server);

            // Twice: the first start has no class-data archive (the node JVM writes it at exit), the
            // second maps it, as every later start on a board does.
            launchUntilReporting(root, headEnd, endpoint, arch + ": first launch (no CDS archive yet)");
            try (Stream<Path> archives = Files.list(root.resolve("var/lib/meternode/jvm"))) {
                assertThat(archives.map(f -> f.getFileName().toString())).as("the node's CDS archive")
                        .anyMatch(n -> n.endsWith(".jsa"));
            }
            launchUntilReporting(root, headEnd, endpoint, arch + ": second launch (with the CDS archive)");
            assertThat(root.resolve("var/lib/meternode/outbox.db")).isNotEmptyFile();
        } finally {
            BootedRoot.hostOk("rm", "-rf", "--one-file-system", root.toString());
        }
    }

    /** Launches the node as the meternode user, until it registered and a reading arrived; then SIGTERM. */
    private static void launchUntilReporting(Path root, HeadEnd headEnd, String endpoint, String what)
            throws IOException, InterruptedException {
        long before = headEnd.store().count(endpoint);
        List<String> output = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        Process node = new ProcessBuilder("chroot", root.toString(), "setpriv", "--reuid=meternode",
                "--regid=meternode", "--init-groups", "--", "env", "HOME=/var/lib/meternode",
                "meternode", "launch", "--config", "/etc/meternode/meternode.yaml")
                .redirectErrorStream(true).start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException ignored) {
                // the node's end
            }
        });
        try {
            await(endpoint + " registered (node output: " + output + ")").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> headEnd.leshan().getRegistrationService().getByEndpoint(endpoint) != null
                            || !node.isAlive());
            assertThat(node.isAlive()).as("the node is running; its output:\n" + String.join("\n", output)).isTrue();
            System.out.printf("%s: launch to registered %.1f s (under qemu)%n", what, secondsSince(start));
            await("readings from " + endpoint).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> headEnd.store().count(endpoint) > before || !node.isAlive());
            assertThat(headEnd.store().count(endpoint)).as("readings from " + endpoint + "; node output:\n"
                    + String.join("\n", output)).isGreaterThan(before);
            System.out.printf("%s: launch to first reading %.1f s (under qemu)%n", what, secondsSince(start));
        } finally {
            node.destroy(); // SIGTERM: the launcher stops the node, which deregisters and closes its outbox
            if (!node.waitFor(2, TimeUnit.MINUTES)) {
                node.destroyForcibly().waitFor();
            }
        }
        assertThat(node.exitValue()).as("exit code after SIGTERM; output:\n" + String.join("\n", output))
                .isIn(0, 143);
        await(endpoint + " deregistered at stop").atMost(Duration.ofSeconds(30))
                .until(() -> headEnd.leshan().getRegistrationService().getByEndpoint(endpoint) == null);
    }

    /** The root bind-mounted onto itself, with /proc and /dev, unmounted (recursively) on close. */
    private record Mounted(Path root) implements AutoCloseable {
        static Mounted at(Path root) throws IOException, InterruptedException {
            Mounted m = new Mounted(root);
            try {
                BootedRoot.hostOk("mount", "--bind", root.toString(), root.toString());
                BootedRoot.hostOk("mount", "-t", "proc", "proc", root.resolve("proc").toString());
                BootedRoot.hostOk("mount", "--bind", "/dev", root.resolve("dev").toString());
                BootedRoot.hostOk("mount", "--bind", "/dev/pts", root.resolve("dev/pts").toString());
            } catch (AssertionError | IOException e) {
                m.close();
                throw e;
            }
            return m;
        }

        @Override
        public void close() throws IOException, InterruptedException {
            BootedRoot.host(Duration.ofMinutes(1), "umount", "-R", root.toString());
        }
    }

    private static String in(Path root, String... command) throws IOException, InterruptedException {
        String[] argv = Stream.concat(Stream.of("chroot", root.toString(), "env",
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"), Stream.of(command))
                .toArray(String[]::new);
        BootedRoot.Result r = BootedRoot.host(Duration.ofMinutes(10), argv);
        if (r.code() != 0) {
            throw new AssertionError("in the " + root + " chroot, `" + String.join(" ", command) + "` exited "
                    + r.code() + ":\n" + r.output());
        }
        return r.output();
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
