package org.meternode.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.meternode.tools.launch.SimMbusMeter;
import org.meternode.hal.serial.SocatPair;
import picocli.CommandLine;

/** {@code meterctl mbus scan} against the simulated M-Bus meter on a socat pseudo-terminal. */
class MbusCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Meterctl.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void scan_finds_the_meter_with_its_secondary_id_manufacturer_and_medium() throws Exception {
        assumeTrue(SocatPair.socatAvailable(), "socat is not installed (./run-tests installs it)");
        try (SimMbusMeter meter = SimMbusMeter.start(7, 0)) {
            long started = System.nanoTime();
            int code = run("mbus", "scan", "--port", meter.nodePort(), "--first", "3", "--last", "9",
                    "--timeout", "200ms");
            long ms = (System.nanoTime() - started) / 1_000_000;

            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString().lines().skip(1).toList()).singleElement().asString()
                    .containsPattern("^\\s+7\\s+12345678\\s+ZRI\\s+1\\s+04h heat \\(outlet\\)$");
            assertThat(err.toString()).contains("address 9 of 3..9").contains("scan done: 1 meter(s) at 7 address(es)");
            System.out.printf("mbus scan of 7 addresses (1 meter, 200 ms timeout): %d ms%n", ms);
        }
    }

    @Test
    void a_range_outside_0_to_250_is_refused() {
        int code = run("mbus", "scan", "--port", "/dev/null", "--first", "0", "--last", "251");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("0 <= first <= last <= 250");
    }
}
