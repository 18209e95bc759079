package org.meternode.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code remote-settings.yaml} damaged on disk before a start, case by case from a fixed seed
 * (truncated, bytes overwritten, garbage, invalid UTF-8, empty): loading never fails the start; a
 * damaged file is moved aside byte for byte and named in the message, an intact one is left as it is.
 */
class OverlayDamageFuzzTest {
    private static final int TRIES = Integer.getInteger("meternode.fuzz.tries", 10_000);
    private static final byte[] GOOD = """
            sampling.interval: 5m
            uplink.reporting-interval: 1h
            channel.grid.pulses-per-kwh: '800'
            """.getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void a_damaged_overlay_is_set_aside_and_the_node_starts_on_its_base_config() throws IOException {
        Random random = new Random(0x0E7E1A7L);
        int refused = 0;
        int accepted = 0;
        int crashes = 0;
        int unexpected = 0;
        List<String> problems = new ArrayList<>();
        for (int n = 0; n < TRIES; n++) {
            Path state = Files.createDirectory(dir.resolve("c" + n));
            byte[] bytes = damage(random, GOOD.clone());
            Path file = state.resolve(ConfigOverlay.FILE_NAME);
            Files.write(file, bytes);
            try {
                OverlayRecovery.Loaded loaded = OverlayRecovery.load(state, Instant.parse("2026-03-01T10:00:00Z"));
                List<Path> kept = list(state).stream().filter(p -> p.getFileName().toString()
                        .startsWith(ConfigOverlay.FILE_NAME + ".damaged-")).toList();
                String problem = null;
                if (loaded.damage().isPresent()) {
                    refused++;
                    String m = loaded.damage().get();
                    if (Files.exists(file) || kept.size() != 1 || !Arrays.equals(Files.readAllBytes(kept.get(0)), bytes)) {
                        problem = "damaged file not kept byte for byte: " + kept;
                    } else if (!m.contains(file.toString()) || !loaded.overlay().values().isEmpty()) {
                        problem = "message does not name the file, or settings were applied: " + m;
                    }
                } else {
                    accepted++;
                    if (!kept.isEmpty() || !Arrays.equals(Files.readAllBytes(file), bytes)) {
                        problem = "an accepted file was changed";
                    }
                }
                if (problem != null) {
                    unexpected++;
                    if (problems.size() < 5) {
                        problems.add("case " + n + ": " + problem);
                    }
                }
            } catch (IOException | RuntimeException e) {
                crashes++;
                if (problems.size() < 5) {
                    problems.add("case " + n + ": crash " + e);
                }
            }
        }
        System.out.println("surface damaged-overlay: " + TRIES + " cases, " + refused + " refused (moved aside), "
                + accepted + " accepted, " + crashes + " crashes, " + unexpected + " unexpected state changes");
        assertThat(problems).isEmpty();
        assertThat(crashes).isZero();
        assertThat(unexpected).isZero();
        assertThat(refused).isPositive();
    }

    private static byte[] damage(Random random, byte[] b) {
        switch (random.nextInt(5)) {
            case 0 -> {
                return Arrays.copyOf(b, random.nextInt(b.length));
            }
            case 1 -> {
                int at = random.nextInt(b.length);
                for (int i = at; i < Math.min(b.length, at + 1 + random.nextInt(8)); i++) {
                    b[i] = (byte) random.nextInt(256);
                }
                return b;
            }
            case 2 -> {
                byte[] g = new byte[random.nextInt(200)];
                random.nextBytes(g);
                return g;
            }
            case 3 -> {
                b[random.nextInt(b.length)] = (byte) 0xC3; // a UTF-8 lead byte without its continuation
                return b;
            }
            default -> {
                return new byte[0];
            }
        }
    }

    private static List<Path> list(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }
}
