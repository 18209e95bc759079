package org.meternode.app.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, surface 6: the slot state damaged on disk (cut short, bit flips, garbage, lines lost or
 * repeated, not UTF-8). Reading it never fails: a state that no longer decodes boots the factory
 * image and the damaged bytes are kept, unchanged, beside it; one that still decodes is read as is
 * (the file has no checksum, so such a change is not detectable) and the file stays untouched.
 * {@code -Dmeternode.fuzz.tries=N} runs more cases.
 */
class SlotStateDamageFuzzTest {
    private static final int TRIES = Integer.getInteger("meternode.fuzz.tries", 10_000);

    @TempDir
    Path dir;

    @Test
    void a_damaged_slot_state_falls_back_to_the_factory_image_and_is_kept() throws Exception {
        byte[] valid = SlotState.factory().switchTo(SlotState.A, "0.2.0").startingTrialBoot().encode();
        Random random = new Random(0x5107_57A7EL);
        int factory = 0;
        int decoded = 0;
        int crashes = 0;
        int unexpected = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < TRIES; i++) {
            byte[] damaged = damage(valid, random);
            Path slots = dir.resolve("case-" + i);
            Files.createDirectories(slots);
            SlotStore store = new SlotStore(slots);
            Files.write(store.stateFile(), damaged);
            SlotState expected;
            try {
                expected = SlotState.decode(damaged);
            } catch (RuntimeException e) {
                expected = null;
            }
            try {
                SlotState read = store.read();
                if (expected == null) {
                    factory++;
                    if (!read.equals(SlotState.factory()) || Files.exists(store.stateFile())
                            || !Arrays.equals(keptBytes(slots), damaged)) {
                        unexpected++;
                        failures.add("case " + i + ": not factory, or the damaged file was not kept as found");
                    }
                } else {
                    decoded++;
                    if (!read.equals(expected) || !Arrays.equals(Files.readAllBytes(store.stateFile()), damaged)) {
                        unexpected++;
                        failures.add("case " + i + ": a decodable state was changed");
                    }
                }
            } catch (IOException | RuntimeException e) {
                crashes++;
                failures.add("case " + i + ": " + e);
            }
            try (Stream<Path> files = Files.list(slots)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(slots);
        }
        System.out.printf("surface damaged-slot-state: %d cases, %d refused (factory image), %d accepted, %d crashes,"
                + " %d unexpected state changes%n", TRIES, factory, decoded, crashes, unexpected);
        assertThat(failures).as("failures").isEmpty();
        assertThat(factory).as("most damage is detected").isGreaterThan(TRIES / 2);
    }

    @Test
    void the_next_update_after_a_damaged_state_starts_from_the_factory_image() throws Exception {
        SlotStore store = new SlotStore(dir);
        Files.createDirectories(dir);
        Files.writeString(store.stateFile(), "meternode-slots: 1\nactive: a\nprevi");
        SlotState after = store.update(s -> s.switchTo(SlotState.B, "0.3.0"));
        assertThat(after.previous()).isEqualTo(SlotState.FACTORY);
        assertThat(SlotState.decode(Files.readAllBytes(store.stateFile()))).isEqualTo(after);
    }

    private static byte[] keptBytes(Path slots) throws IOException {
        try (Stream<Path> files = Files.list(slots)) {
            List<Path> kept = files.filter(f -> f.getFileName().toString().startsWith("state.damaged-")).toList();
            return kept.size() == 1 ? Files.readAllBytes(kept.get(0)) : null;
        }
    }

    private static byte[] damage(byte[] valid, Random random) {
        byte[] b = valid.clone();
        switch (random.nextInt(7)) {
            case 0 -> b = Arrays.copyOf(b, random.nextInt(b.length)); // cut short (torn write)
            case 1 -> {
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 2 -> {
                b = new byte[random.nextInt(512)];
                random.nextBytes(b);
            }
            case 3 -> Arrays.fill(b, random.nextInt(b.length), b.length, (byte) 0); // zeroed tail
            case 4 -> {
                List<String> lines = new ArrayList<>(List.of(new String(b, StandardCharsets.UTF_8).split("\n")));
                lines.remove(random.nextInt(lines.size()));
                b = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
            }
            case 5 -> {
                List<String> lines = new ArrayList<>(List.of(new String(b, StandardCharsets.UTF_8).split("\n")));
                int at = random.nextInt(lines.size());
                lines.set(at, lines.get(at).replaceFirst(": .*", ": " + garbageValue(random)));
                b = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                int at = random.nextInt(b.length);
                b[at] = (byte) (0x80 + random.nextInt(0x80)); // not UTF-8
            }
        }
        return b;
    }

    private static String garbageValue(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> "";
            case 1 -> "99999999999999999999";
            case 2 -> "-1";
            case 3 -> "c";
            default -> "x".repeat(1 + random.nextInt(300));
        };
    }
}
