package org.meternode.packaging.openwrt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.cli.MeternodeCommand;
import picocli.CommandLine;

/**
 * The OpenWrt files as opkg and procd see them: scripts that parse, the procd parameters, a config
 * the node accepts with its state on flash, and an .ipk built by build-ipk (from stand-in jars; the
 * real class path is OpenwrtPackageIT's) whose members are where opkg looks.
 */
class OpenwrtPackageTest {
    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path INIT = MODULE.resolve("files/meternode.init");

    @TempDir
    Path dir;

    @Test
    void every_script_parses_with_sh() throws Exception {
        for (String script : List.of("files/meternode.init", "control/postinst", "control/prerm")) {
            Result r = run(List.of("sh", "-n", MODULE.resolve(script).toString()));
            assertThat(r.exit()).as(script + ": " + r.output()).isZero();
        }
        assertThat(run(List.of("bash", "-n", MODULE.resolve("build-ipk").toString())).exit()).isZero();
    }

    @Test
    void the_init_script_is_a_procd_service_started_late_that_respawns_and_stops_cleanly() throws IOException {
        String init = Files.readString(INIT);
        assertThat(init).startsWith("#!/bin/sh /etc/rc.common\n")
                .containsPattern("(?m)^USE_PROCD=1$")
                .containsPattern("(?m)^START=95$")
                .contains("procd_set_param command /usr/bin/meternode launch --config \"$CONFIG\"")
                .containsPattern("(?m)^CONFIG=/etc/meternode/meternode.yaml$")
                .containsPattern("procd_set_param respawn \\d+ \\d+ [1-9]")
                .contains("procd_set_param term_timeout 40")
                .contains("procd_set_param stdout 1", "procd_set_param stderr 1")
                .contains("procd_set_param file \"$CONFIG\"")
                .contains("procd_set_param user meternode");
    }

    @Test
    void the_packaged_config_is_valid_for_the_linux_board_with_its_state_on_flash() throws Exception {
        String yaml = Files.readString(MODULE.resolve("files/meternode.yaml"));
        assertThat(yaml).contains("board: linux").containsPattern("(?m)^  path: /srv/meternode$");
        assertThat(Files.readString(INIT)).containsPattern("(?m)^STATE=/srv/meternode$");

        Path config = Files.writeString(dir.resolve("meternode.yaml"), yaml);
        StringWriter err = new StringWriter();
        CommandLine cli = MeternodeCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));

        assertThat(cli.execute("check-config", config.toString())).as(err.toString()).isZero();
    }

    @Test
    void build_ipk_lays_out_a_package_opkg_installs() throws Exception {
        Path jars = Files.createDirectories(dir.resolve("jars"));
        for (String jar : List.of("meternode-firmware-app-1.2.3.jar", "meternode-board-linux-1.2.3.jar",
                "sqlite-jdbc-3.54.1.0.jar")) {
            Files.writeString(jars.resolve(jar), "stand-in");
        }
        Path ipk = buildIpk(jars, dir.resolve("out"));
        assertThat(ipk.getFileName()).hasToString("meternode_1.2.3_all.ipk");

        List<Ipk.Entry> outer = Ipk.readTarGz(Files.readAllBytes(ipk));
        assertThat(outer).extracting(Ipk.Entry::name)
                .as("ipkg-build's order").containsExactly("./debian-binary", "./data.tar.gz", "./control.tar.gz");
        Map<String, Ipk.Entry> members = Ipk.byName(outer);
        assertThat(members.get("./debian-binary").text()).isEqualTo("2.0\n");
        assertThat(outer).allSatisfy(e -> assertThat(List.of(e.uid(), e.gid())).containsOnly(0));

        Map<String, Ipk.Entry> control = Ipk.byName(Ipk.readTarGz(members.get("./control.tar.gz").content()));
        assertThat(control.keySet()).contains("./control", "./conffiles", "./postinst", "./prerm");
        assertThat(control.get("./postinst").mode()).isEqualTo(0755);
        assertThat(control.get("./conffiles").text()).isEqualTo("/etc/meternode/meternode.yaml\n");
        Map<String, String> fields = Ipk.controlFields(control.get("./control").text());
        assertThat(fields).containsEntry("Package", "meternode").containsEntry("Version", "1.2.3")
                .containsEntry("Architecture", "all").containsEntry("Depends", "bash")
                .containsEntry("Require-User", "meternode:meternode:dialout")
                .containsKeys("Maintainer", "Description", "Installed-Size");

        List<Ipk.Entry> dataEntries = Ipk.readTarGz(members.get("./data.tar.gz").content());
        Map<String, Ipk.Entry> data = Ipk.byName(dataEntries);
        assertThat(data.keySet()).contains("./usr/bin/meternode", "./etc/init.d/meternode",
                "./etc/meternode/meternode.yaml", "./lib/upgrade/keep.d/meternode",
                "./usr/share/meternode/node-jvm.args", "./usr/share/meternode/find-jdk",
                "./usr/share/meternode/own-files",
                "./usr/share/meternode/lib/meternode-firmware-app-1.2.3.jar",
                "./usr/share/meternode/lib/sqlite-jdbc-3.54.1.0.jar");
        assertThat(data.get("./etc/init.d/meternode").mode()).isEqualTo(0755);
        assertThat(data.get("./usr/bin/meternode").mode()).isEqualTo(0755);
        assertThat(data.get("./etc/meternode/meternode.yaml").mode()).isEqualTo(0644);
        assertThat(data.get("./etc/init.d/meternode").content()).isEqualTo(Files.readAllBytes(INIT));
        assertThat(data.keySet()).noneMatch(name -> name.startsWith("./var/") || name.startsWith("./tmp/"));
        long files = dataEntries.stream().filter(e -> e.type() == '0').mapToLong(e -> e.content().length).sum();
        assertThat(fields.get("Installed-Size")).isEqualTo(Long.toString(files));
        assertThat(dataEntries).allSatisfy(e -> assertThat(List.of(e.uid(), e.gid())).containsOnly(0));

        Path again = buildIpk(jars, dir.resolve("again"));
        assertThat(Files.readAllBytes(again)).as("reproducible").isEqualTo(Files.readAllBytes(ipk));
    }

    static Path buildIpk(Path jars, Path out) throws Exception {
        Result r = run(List.of("bash", MODULE.resolve("build-ipk").toString(), "--jars", jars.toString(), "--out",
                out.toString()));
        assertThat(r.exit()).as(r.output()).isZero();
        return Path.of(r.output().strip().lines().reduce((a, b) -> b).orElseThrow());
    }

    record Result(int exit, String output) {
    }

    static Result run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(command + " did not finish: " + output);
        }
        return new Result(p.exitValue(), output);
    }
}
