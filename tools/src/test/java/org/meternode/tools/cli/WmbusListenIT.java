package org.meternode.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.serial.SocatPair;
import org.meternode.tools.launch.SimWmbusMeter;
import picocli.CommandLine;

/**
 * {@code meterctl wmbus listen} against the simulated iM871A on a socat pseudo-terminal: both meters
 * in range are shown with id, manufacturer, medium and RSSI; the water meter as encrypted, and with
 * its key file its volume too.
 */
class WmbusListenIT {
    @TempDir
    Path dir;

    @Test
    void shows_the_meters_in_range_and_the_values_of_those_with_a_key() throws Exception {
        assumeTrue(SocatPair.socatAvailable(), "socat is not installed (./run-tests installs it)");
        try (SimWmbusMeter meters = SimWmbusMeter.start(Duration.ofMillis(200))) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = Meterctl.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));

            int code = cl.execute("wmbus", "listen", "--port", meters.nodePort(), "--for", "4s");

            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).containsPattern("20240001  ZRI  water\\s+01h\\s+-60 dBm  yes")
                    .containsPattern("20249999  ZRI  heat\\s+01h\\s+-60 dBm  no").contains("no key for meter 20240001");
            assertThat(out.toString()).as(err.toString()).containsPattern("33225544  SEN  water").containsPattern("12345678  SON  warm water");
            assertThat(err.toString()).contains("4 meter(s) heard");
            String summary = out.toString().substring(out.toString().indexOf("meters in range (4), last heard:"));
            assertThat(summary.lines().skip(2).toList()).hasSize(4).anyMatch(l -> l.startsWith("20240001  ZRI  water"))
                    .anyMatch(l -> l.startsWith("33225544  SEN  water")).noneMatch(l -> l.contains("no key"));

            out.getBuffer().setLength(0);
            Path keys = SimWmbusMeter.writeKeyFile(dir);
            code = cl.execute("wmbus", "listen", "--port", meters.nodePort(), "--for", "2s", "--keys", keys.toString());

            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).containsPattern("VOLUME 12\\d\\.\\d{3} m3").doesNotContain("no key for meter 20240001");
        }
    }
}
