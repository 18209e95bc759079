package org.meternode.packaging.openwrt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .ipk the package phase built from the real class path: the node's jars with the linux board
 * and nothing a router does not need, and, unpacked, a launcher that runs them (check-config on the
 * packaged config, on the build's JDK).
 */
class OpenwrtPackageIT {
    @TempDir
    Path dir;

    @Test
    void the_package_carries_the_node_with_the_linux_board_and_its_launcher_runs_it() throws Exception {
        Path ipk;
        try (var files = Files.list(OpenwrtPackageTest.MODULE.resolve("target"))) {
            ipk = files.filter(p -> p.getFileName().toString().matches("meternode_.*_all\\.ipk")).findFirst()
                    .orElseThrow(() -> new AssertionError("no .ipk in target/: the package phase makes it"));
        }
        Map<String, Ipk.Entry> members = Ipk.byName(Ipk.readTarGz(Files.readAllBytes(ipk)));
        Map<String, Ipk.Entry> data = Ipk.byName(Ipk.readTarGz(members.get("./data.tar.gz").content()));
        List<String> jars = data.keySet().stream().filter(n -> n.startsWith("./usr/share/meternode/lib/"))
                .map(n -> n.substring("./usr/share/meternode/lib/".length())).toList();

        assertThat(jars).anyMatch(j -> j.startsWith("meternode-firmware-app-"))
                .anyMatch(j -> j.startsWith("meternode-board-linux-"))
                .anyMatch(j -> j.startsWith("meternode-hal-"))
                .anyMatch(j -> j.startsWith("sqlite-jdbc-"))
                .anyMatch(j -> j.startsWith("jSerialComm-"))
                .anyMatch(j -> j.startsWith("leshan-client-cf-"));
        assertThat(jars).noneMatch(j -> j.startsWith("meternode-board-pi-") || j.startsWith("pi4j-")
                || j.startsWith("meternode-board-sim-") || j.startsWith("meternode-tools-")
                || j.startsWith("leshan-server-") || j.startsWith("junit-"));

        Path root = Files.createDirectories(dir.resolve("root"));
        Files.write(dir.resolve("data.tar.gz"), members.get("./data.tar.gz").content());
        OpenwrtPackageTest.Result untar = OpenwrtPackageTest.run(
                List.of("tar", "-xzf", dir.resolve("data.tar.gz").toString(), "-C", root.toString()));
        assertThat(untar.exit()).as(untar.output()).isZero();

        ProcessBuilder check = new ProcessBuilder(root.resolve("usr/bin/meternode").toString(), "check-config",
                root.resolve("etc/meternode/meternode.yaml").toString()).redirectErrorStream(true);
        check.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = check.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
    }
}
