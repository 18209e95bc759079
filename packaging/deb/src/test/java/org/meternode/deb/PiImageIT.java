package org.meternode.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.meternode.tools.cli.Meterctl;
import org.meternode.tools.headend.HeadEnd;
import org.meternode.tools.headend.HeadEndOptions;
import org.meternode.tools.headend.PskEntry;

/**
 * The Raspberry Pi image artefact ({@code packaging/image/build-pi-image}): built from the .deb,
 * its contents checked (partition table, boot files, overlays, the units enabled, the config), then
 * provisioned the way a user does it, by copying a {@code meternode/} folder onto the FAT boot
 * partition, and booted under {@code qemu-system-aarch64 -M virt} with the image's own kernel and
 * initrd. The first boot imports the folder, the node starts and reports to a head-end on the host
 * (QEMU's user network maps 10.0.2.2 to the host's loopback). qemu-virt is not a Pi: the folder's
 * config runs the sim board, so this proves the image's OS, package, first boot and uplink, not
 * the Pi's GPIO. A slow job ({@code ./run-tests --slow}); root only.
 */
class PiImageIT {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final String EP = "meter-pi-image";

    @Test
    void the_image_is_complete_and_its_first_boot_reports() throws Exception {
        assumeTrue(Boolean.getBoolean("meternode.slow-tests"),
                "PiImageIT is a slow job (about 4 min, 12 with the kernel layer's first build): ./run-tests --slow");
        assumeTrue("root".equals(System.getProperty("user.name")), "PiImageIT needs root (chroot, mounts)");
        DebPackageIT.ensureCommands("qemu-system-aarch64", "qemu-system-arm", "mcopy", "mtools", "debugfs", "e2fsprogs",
                "sfdisk", "fdisk");
        Path out = Files.createDirectories(MODULE.resolve("target/pi-image"));
        long t0 = System.nanoTime();
        BootedRoot.Result built = BootedRoot.host(Duration.ofMinutes(40), MODULE.resolve("../image/build-pi-image")
                .normalize().toString(), "--deb", DebPackageIT.builtDeb().toString(), "--out", out.toString());
        assertThat(built.code()).as("build-pi-image:\n" + built.output()).isZero();
        Path image = out.resolve("meternode-pi-arm64.img");
        System.out.printf("image built in %.0f s: %d MiB%n", (System.nanoTime() - t0) / 1e9, Files.size(image) >> 20);

        // Partition table: FAT (0x0c, bootable) for the Pi's boot ROM, then the ext4 root.
        String table = BootedRoot.hostOk("sfdisk", "--json", image.toString());
        List<long[]> parts = partitions(table);
        assertThat(parts).as("partitions in\n" + table).hasSize(2);
        assertThat(table).containsPattern("\"type\":\\s*\"c\"").containsPattern("\"type\":\\s*\"83\"")
                .containsPattern("\"bootable\":\\s*true");
        String fat = image + "@@" + parts.get(0)[0] * 512;

        String boot = BootedRoot.hostOk("mdir", "-b", "-i", fat, "::/");
        assertThat(boot).contains("config.txt", "cmdline.txt", "bootcode.bin", "start4.elf", "fixup4.dat",
                "bcm2711-rpi-4-b.dtb", "bcm2837-rpi-3-b.dtb", "bcm2837-rpi-zero-2-w.dtb", "vmlinuz-", "initrd.img-");
        assertThat(BootedRoot.hostOk("mdir", "-b", "-i", fat, "::/overlays")).contains("meternode-pulse-keys.dtbo",
                "meternode-ads1115.dtbo", "meternode-mcp3008.dtbo", "meternode-ina219.dtbo", "meternode-counter.dtbo");
        assertThat(BootedRoot.hostOk("mtype", "-i", fat, "::/config.txt")).contains("arm_64bit=1", "dtoverlay=meternode-pulse-keys",
                "dtoverlay=meternode-ads1115", "dtparam=watchdog=on");
        assertThat(BootedRoot.hostOk("mtype", "-i", fat, "::/cmdline.txt")).contains("root=LABEL=root");

        Path rootfs = out.resolve("root.ext4");
        BootedRoot.hostOk("dd", "if=" + image, "of=" + rootfs, "bs=512", "skip=" + parts.get(1)[0], "count=" + parts.get(1)[1],
                "status=none");
        assertThat(BootedRoot.hostOk("debugfs", "-R", "ls /etc/systemd/system/multi-user.target.wants", rootfs.toString()))
                .contains("meternode.service", "meternode-firstboot.service", "systemd-networkd.service",
                        "meternode-growroot.service");
        Path imageConfig = out.resolve("image-meternode.yaml");
        Files.deleteIfExists(imageConfig);
        BootedRoot.hostOk("debugfs", "-R", "dump /etc/meternode/meternode.yaml " + imageConfig, rootfs.toString());
        String config = Files.readString(imageConfig);
        assertThat(config).contains("board: linux", "platform-meter-pulses-event", "endpoint: unprovisioned");
        assertThat(BootedRoot.hostOk("debugfs", "-R", "ls -l /usr/share/meternode/lib", rootfs.toString()))
                .contains("meternode-firmware-app");
        Files.delete(rootfs);

        // A fresh head-end database and card folder for each run (target/ outlives a run).
        Path run = Files.createTempDirectory(out, "run-");
        try (HeadEnd headEnd = new HeadEnd(HeadEndOptions.psk(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                run.resolve("head-end.db"), List.of()), line -> { })) {
            headEnd.start();
            // The operator's side: a bundle and the node's PSK, on any computer, into meternode/ on the card.
            Path folder = Files.createDirectories(run.resolve("meternode"));
            String server = "coaps://10.0.2.2:" + headEnd.uri().getPort();
            assertThat(Meterctl.commandLine().execute("bundle", "create", "--endpoint", EP, "--server", server,
                    "--mode", "psk", "--out", folder.resolve(EP + ".bundle").toString())).isZero();
            assertThat(Meterctl.commandLine().execute("psk", "new", "--endpoint", EP, "--out", folder.toString()))
                    .isZero();
            Path pskLine = folder.resolve("head-end.psk");
            headEnd.addPsk(PskEntry.parse(Files.readString(pskLine).strip()));
            Files.delete(pskLine); // the head-end's copy stays with the operator
            Files.writeString(folder.resolve("meternode.yaml"), SimBoardConfig.of(config));
            BootedRoot.hostOk("mcopy", "-s", "-i", fat, folder.toString(), "::/");
            assertThat(BootedRoot.hostOk("mdir", "-b", "-i", fat, "::/meternode")).contains("psk.key", EP + ".bundle");
            String kernel = fileNamed(boot, "vmlinuz-");
            String initrd = fileNamed(boot, "initrd.img-");
            BootedRoot.hostOk("mcopy", "-o", "-i", fat, "::/" + kernel, out.resolve("vmlinuz").toString());
            BootedRoot.hostOk("mcopy", "-o", "-i", fat, "::/" + initrd, out.resolve("initrd.img").toString());

            // A card larger than the image: the first boot grows the root to its end.
            BootedRoot.hostOk("truncate", "-s", "+1G", image.toString());
            Path console = run.resolve("console.log");
            t0 = System.nanoTime();
            Process qemu = new ProcessBuilder("qemu-system-aarch64", "-M", "virt", "-cpu", "cortex-a72", "-smp", "2",
                    "-m", "1024", "-display", "none", "-monitor", "none", "-serial", "file:" + console, "-no-reboot",
                    "-kernel", out.resolve("vmlinuz").toString(), "-initrd", out.resolve("initrd.img").toString(),
                    "-append", "root=LABEL=root rw rootwait console=ttyAMA0 net.ifnames=0 systemd.journald.forward_to_console=1",
                    "-drive", "file=" + image + ",format=raw,if=virtio", "-nic", "user,model=virtio-net-pci")
                    .redirectErrorStream(true).redirectOutput(run.resolve("qemu.log").toFile()).start();
            try {
                await("readings from the booted image at the head-end (console: " + console + ")")
                        .atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(2))
                        .until(() -> headEnd.store().count(EP) > 0 || !qemu.isAlive());
                assertThat(qemu.isAlive()).as("qemu is running; its log: " + run.resolve("qemu.log")).isTrue();
                System.out.printf("first boot to first reading at the head-end: %.0f s under qemu-system (TCG)%n",
                        (System.nanoTime() - t0) / 1e9);
                String boot1 = Files.readString(console);
                assertThat(boot1).contains("meternode-firstboot: provisioned from");
                Matcher grown = Pattern.compile("meternode-growroot: root /dev/vda2 grown from (\\d+) MiB to (\\d+) MiB")
                        .matcher(boot1);
                assertThat(grown.find()).as("the root grown at first boot (console: " + console + ")").isTrue();
                System.out.println(grown.group());
                assertThat(Long.parseLong(grown.group(2)) - Long.parseLong(grown.group(1))).as("MiB added to the root")
                        .isEqualTo(1024);
            } finally {
                qemu.destroy();
                if (!qemu.waitFor(30, TimeUnit.SECONDS)) {
                    qemu.destroyForcibly().waitFor();
                }
            }
            BootedRoot.Result gone = BootedRoot.host(Duration.ofSeconds(30), "mdir", "-b", "-i", fat, "::/meternode");
            assertThat(gone.code()).as("the first-boot folder (it held the key) after the first boot: " + gone.output())
                    .isNotZero();
        }
    }

    /** (start sector, sector count) of each partition in sfdisk's JSON. */
    private static List<long[]> partitions(String json) {
        Matcher m = Pattern.compile("\"start\":\\s*(\\d+),\\s*\"size\":\\s*(\\d+)").matcher(json);
        List<long[]> parts = new java.util.ArrayList<>();
        while (m.find()) {
            parts.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
        }
        return parts;
    }

    private static String fileNamed(String listing, String prefix) {
        return listing.lines().map(l -> l.substring(l.lastIndexOf('/') + 1).strip())
                .filter(n -> n.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + "* in the boot partition:\n" + listing));
    }
}
