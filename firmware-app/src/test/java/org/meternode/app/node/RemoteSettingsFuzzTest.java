package org.meternode.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.config.ConfigLoader;
import org.meternode.app.config.ConfigOverlay;
import org.meternode.app.config.ConfigTexts;
import org.meternode.app.config.NodeConfig;

/**
 * Hostile remote writes (what a buggy or compromised server sends as a setting) through
 * {@link MeterNode#write}, the entry point the LwM2M objects use, on a real node over the sim
 * board: a refusal names the key, and leaves {@code remote-settings.yaml}, the config file and the
 * effective config byte for byte as they were. Seeded; {@code -Dmeternode.fuzz.tries=N} for more.
 */
class RemoteSettingsFuzzTest {
    private static final int TRIES = Integer.getInteger("meternode.fuzz.tries", 10_000);
    private static final String[] KEYS = {"sampling.interval", "uplink.reporting-interval", "uplink.awake-window",
            "channels.grid.calibration", "channels.grid.pulses-per-kwh", "channels.grid.litres-per-pulse",
            "channels.nope.calibration", "channels.grid.type", "server.uri", "storage.path", "node.endpoint",
            "board", "sampling", "sampling.", ".interval", "", "channels..calibration", "channels.GRID.calibration",
            "sampling.interval.x", "server.security.key-hex", "../sampling.interval", "sampling.interval\n"};
    private static final String[] VALUES = {"15m", "1m", "5m", "0s", "-5m", "1d", "7d", "1000000d", "1.5m", "15",
            "", " ", "null", "~", "true", "[1, 2]", "{a: 1}", "*a", "&a x", "!!binary AAAA", "'", "\"", "\u0000",
            "x\ny: 1", "15m\nserver: {uri: coap://evil}", "1e400", "-1", "0", "1000", "0.001", "NaN", ".inf",
            "99999999999999999999999999999", "1000 # comment", "\t15m", "15 m", "P15M", "x".repeat(5_000),
            "{{{{{{{{{{", "--- 15m", "coap://x"};

    @TempDir
    Path dir;

    @Test
    void every_refused_remote_write_names_its_key_and_changes_nothing() throws Exception {
        Path file = dir.resolve("meternode.yaml");
        Files.writeString(file, ConfigTexts.MINIMAL.replace("path: /var/lib/meternode", "path: state")
                .replace("coaps://127.0.0.1:5684", "coaps://127.0.0.1:1")
                .replace("board: sim\n", "board: sim\nboard-options:\n  meters:\n"
                        + "    GPIO17: { type: s0-electricity, pulses-per-kwh: 1000 }\n"));
        Random random = new Random(19_002L);
        int refused = 0;
        int accepted = 0;
        List<String> crashes = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        try (MeterNode node = MeterNode.open(ConfigLoader.load(file).config())) {
            Path stored = node.config().storagePath().resolve(ConfigOverlay.FILE_NAME);
            for (int i = 0; i < TRIES; i++) {
                String key = KEYS[random.nextInt(KEYS.length)];
                String value = mutate(VALUES[random.nextInt(VALUES.length)], random);
                byte[] settingsBefore = bytes(stored);
                byte[] fileBefore = Files.readAllBytes(file);
                NodeConfig configBefore = node.config();
                Optional<String> refusal;
                try {
                    refusal = node.management().write(key, value);
                } catch (Throwable t) {
                    crashes.add(i + ": " + key + " = " + value + ": " + t);
                    continue;
                }
                if (refusal.isEmpty()) {
                    accepted++;
                    continue;
                }
                refused++;
                String m = refusal.get();
                String setting = key.substring(key.lastIndexOf('.') + 1);
                if (m.isBlank() || m.contains("Exception") || m.contains("null") && !value.contains("null")
                        || !(m.contains(key.strip()) || !setting.isEmpty() && m.contains(setting))) {
                    crashes.add(i + ": refusal does not name " + key + ": " + m);
                }
                if (!Arrays.equals(settingsBefore, bytes(stored)) || !Arrays.equals(fileBefore, Files.readAllBytes(file))
                        || !configBefore.equals(node.config())) {
                    changed.add(i + ": " + key + " = " + value + " refused (" + m + ") but changed state");
                }
            }
        }
        System.out.println("surface remote-settings: " + TRIES + " cases, " + refused + " refused, " + accepted
                + " accepted, " + crashes.size() + " crashes, " + changed.size() + " unexpected state changes");
        assertThat(crashes).isEmpty();
        assertThat(changed).isEmpty();
        assertThat(refused).isGreaterThan(TRIES / 2);
        assertThat(accepted).isPositive();
    }

    private static String mutate(String value, Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> value + (char) random.nextInt(32);
            case 1 -> value.isEmpty() ? value : value.substring(0, random.nextInt(value.length()));
            default -> value;
        };
    }

    private static byte[] bytes(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    }
}
