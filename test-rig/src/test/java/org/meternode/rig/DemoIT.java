package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.meternode.tools.cli.Meterctl;
import org.meternode.hal.serial.SocatPair;
import picocli.CommandLine;

/** The Quick start demo in each credential mode: the node registers and readings arrive live. */
class DemoIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"psk", "rpk", "x509"})
    void the_demo_reports_readings_in_every_security_mode(String mode) {
        StringWriter out = new StringWriter();
        CommandLine cl = Meterctl.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        int exit = cl.execute("demo", "--duration", "8s", "--speed", "600", "--security", mode,
                "--dir", dir.resolve(mode).toString());
        String text = out.toString();
        assertThat(exit).isZero();
        assertThat(text).contains("DTLS " + mode).contains("node meter-0042 registered")
                .contains("meter-0042     grid.energy").doesNotContain("first reading after none");
        if (SocatPair.socatAvailable()) {
            assertThat(text).contains("demo: serial meters on socat pseudo-terminals")
                    .contains("p1.import-t1").contains("p1.import-t2").contains("heat.volume");
        }
    }
}
