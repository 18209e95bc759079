package org.meternode.tools.launch;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.meternode.tools.headend.PskEntry;

/**
 * Writes a working directory for a simulated node: a fresh PSK (file mode 0600) and a config with
 * an S0 electricity meter, a water meter, a CT clamp with a mains voltage reference on one ADS1115
 * (real power and energy) and a battery on an INA219, all on the sim board, pointed at a head-end.
 */
public final class SimNodeSetup {
    private SimNodeSetup() {
    }

    /** What was written: the config file and the PSK the head-end must accept. */
    public record Written(Path config, PskEntry psk) {
    }

    public static Written write(Path dir, String endpoint, URI server, String interval, double speed, long seed)
            throws IOException {
        return write(dir, endpoint, server, interval, speed, seed, null);
    }

    /**
     * As {@link #write(Path, String, URI, String, double, long)}, with the config's
     * {@code server.security} body given (indented 4 spaces); null writes a fresh PSK.
     */
    public static Written write(Path dir, String endpoint, URI server, String interval, double speed, long seed,
            String securityYaml) throws IOException {
        return write(dir, endpoint, server, interval, speed, seed, securityYaml, "");
    }

    /**
     * As {@link #write(Path, String, URI, String, double, long, String)}, with further channels (YAML
     * list items, e.g. serial meters on socat pseudo-terminals) appended to the sim board's.
     */
    public static Written write(Path dir, String endpoint, URI server, String interval, double speed, long seed,
            String securityYaml, String extraChannelsYaml) throws IOException {
        Files.createDirectories(dir);
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        Path keyFile = dir.resolve("psk.key");
        Files.deleteIfExists(keyFile);
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(keyFile, HexFormat.of().formatHex(key) + "\n");
        String yaml = """
                # meternode demo node: simulated meters on the sim board, reporting to the embedded head-end.
                node:
                  endpoint: %1$s
                board: sim
                board-options:
                  speed: %2$s            # virtual seconds per real second
                  seed: %3$d
                  meters:
                    GPIO17: { type: s0-electricity, pulses-per-kwh: 1000 }
                    GPIO27: { type: water-reed, litres-per-pulse: 1 }
                    ads1115@0x48/A0: { type: ct-clamp, ratio: "100A:50mA", burden-ohm: 22, mains-hz: 50, power-factor: 0.9 }
                    ads1115@0x48/A1: { type: ac-voltage, volts-rms: 230, volts-per-volt: 287.5 }
                    ina219@0x40:     { type: ina219, bus-volts: 12.6, base-amps: 0.2, peak-amps: 2.0 }
                sampling:
                  interval: %4$s
                  align: true
                channels:
                  - { id: grid,  type: pulse, input: GPIO17, pulses-per-kwh: 1000 }
                  - { id: water, type: pulse, input: GPIO27, litres-per-pulse: 1 }
                  - { id: mains, type: ct-clamp, input: ads1115@0x48/A0, ratio: "100A:50mA", burden-ohm: 22, mains-hz: 50,
                      voltage-input: ads1115@0x48/A1, volts-per-volt: 287.5 }
                  - { id: battery, type: dc-power, input: ina219@0x40, shunt-ohm: 0.1, max-amps: 3.2 }
                %7$sserver:
                  uri: %5$s
                  security:
                %6$s
                  lifetime: 5m
                uplink:
                  retry-min: 1s
                  retry-max: 5s
                storage:
                  path: state
                """.formatted(endpoint, stripZero(speed), seed, interval, server,
                securityYaml != null ? securityYaml.strip().indent(4).stripTrailing()
                        : "    mode: psk\n    identity: " + endpoint + "\n    key-file: psk.key",
                extraChannelsYaml.isBlank() ? "" : extraChannelsYaml.strip().indent(2));
        Path config = dir.resolve("meternode.yaml");
        Files.writeString(config, yaml);
        return new Written(config, new PskEntry(endpoint, endpoint, key));
    }

    private static String stripZero(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
