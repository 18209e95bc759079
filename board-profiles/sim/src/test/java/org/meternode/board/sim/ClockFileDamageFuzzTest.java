package org.meternode.board.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meternode.board.sim.SimTesting.VIRTUAL_START;
import static org.meternode.board.sim.SimTesting.WALL_START;
import static org.meternode.board.sim.SimTesting.map;
import static org.meternode.board.sim.SimTesting.open;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.BoardException;

/**
 * Issue 19, surface 6: the sim board's clock file ({@code sim-clock.properties}) damaged on disk
 * (cut short, bit flips, a digit changed, garbage, lines lost, repeated or swapped, not UTF-8). Every
 * damaged file is refused with an error naming it (the board does not start: a silently different
 * timeline would move every simulated meter total), and the file is left exactly as found; the few
 * mutations that touch nothing the anchor is made of (a final newline lost, two equal lines swapped)
 * read back the same anchor. Never another exception,
 * never a different anchor. {@code -Dmeternode.fuzz.tries=N} runs more cases.
 */
class ClockFileDamageFuzzTest {
    private static final int TRIES = Integer.getInteger("meternode.fuzz.tries", 10_000);

    @TempDir
    Path dir;

    @Test
    void a_damaged_clock_file_is_refused_by_name_and_kept_as_found() throws Exception {
        ClockAnchor anchor = new ClockAnchor(VIRTUAL_START, VIRTUAL_START.plusSeconds(86_400), WALL_START, 60.0, 7L);
        ClockAnchorFile file = new ClockAnchorFile(dir);
        file.write(anchor);
        byte[] valid = Files.readAllBytes(file.path());
        assertThat(file.read()).contains(anchor);

        Random random = new Random(0x19_06_C10CL);
        int refused = 0;
        int same = 0;
        int crashes = 0;
        int unexpected = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < TRIES; i++) {
            byte[] damaged = damage(valid, random);
            Files.write(file.path(), damaged);
            try {
                ClockAnchor read = file.read().orElse(null);
                same++;
                if (!anchor.equals(read)) {
                    unexpected++;
                    keep(failures, "case " + i + ": read a different anchor " + read + " from "
                            + printable(damaged));
                }
            } catch (IOException e) {
                refused++;
                if (e.getMessage() == null || !e.getMessage().contains(file.path().toString())) {
                    unexpected++;
                    keep(failures, "case " + i + ": the error does not name the file: " + e.getMessage());
                }
            } catch (RuntimeException e) {
                crashes++;
                keep(failures, "case " + i + ": " + e);
            }
            if (!Arrays.equals(Files.readAllBytes(file.path()), damaged)) {
                unexpected++;
                keep(failures, "case " + i + ": the damaged file was changed by reading it");
            }
        }
        System.out.printf("surface damaged-sim-clock: %d cases, %d refused, %d accepted (the same anchor), %d crashes,"
                + " %d unexpected state changes%n", TRIES, refused, same, crashes, unexpected);
        assertThat(failures).as("failures").isEmpty();
        assertThat(refused).isGreaterThan(TRIES * 9 / 10);
    }

    @Test
    void the_board_does_not_start_on_a_damaged_clock_file_and_says_which_and_what_to_do() throws Exception {
        try (SimBoard board = open(new ManualWallTime(WALL_START), dir, map("start", VIRTUAL_START.toString()))) {
            assertThat(board.clock().instant()).isAfterOrEqualTo(VIRTUAL_START);
        }
        Path clock = dir.resolve(ClockAnchorFile.NAME);
        String text = Files.readString(clock);
        String damaged = text.replace("epoch=" + VIRTUAL_START, "epoch=" + VIRTUAL_START.minusSeconds(3600));
        Files.writeString(clock, damaged);

        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> open(new ManualWallTime(WALL_START.plusSeconds(60)), dir, map()))
                .isInstanceOf(BoardException.class)
                .hasMessageContaining(clock.toString())
                .hasMessageContaining("does not match")
                .hasMessageContaining("delete it to start a new virtual timeline");
        assertThat(Files.readString(clock)).isEqualTo(damaged);
    }

    private static byte[] damage(byte[] valid, Random random) {
        byte[] b = valid.clone();
        switch (random.nextInt(8)) {
            case 0 -> b = Arrays.copyOf(b, random.nextInt(b.length)); // cut short
            case 1 -> { // bit flips
                for (int k = 0, n = 1 + random.nextInt(3); k < n; k++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 2 -> { // one digit changed to another
                int at = random.nextInt(b.length);
                while (!Character.isDigit(b[at])) {
                    at = (at + 1) % b.length;
                }
                b[at] = (byte) ('0' + (b[at] - '0' + 1 + random.nextInt(9)) % 10);
            }
            case 3 -> { // garbage of the same length, or none at all
                b = new byte[random.nextBoolean() ? b.length : 0];
                random.nextBytes(b);
            }
            case 4, 5 -> { // a line lost, repeated, or two swapped
                List<String> lines = new ArrayList<>(List.of(new String(b, StandardCharsets.UTF_8).split("\n", -1)));
                int a = random.nextInt(lines.size());
                int c = random.nextInt(lines.size());
                switch (random.nextInt(3)) {
                    case 0 -> lines.remove(a);
                    case 1 -> lines.add(a, lines.get(c));
                    default -> {
                        String t = lines.get(a);
                        lines.set(a, lines.get(c));
                        lines.set(c, t);
                    }
                }
                b = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
            }
            case 6 -> b[random.nextInt(b.length)] = (byte) (0x80 + random.nextInt(0x80)); // not UTF-8
            default -> { // NUL or a backslash escape inserted
                int at = random.nextInt(b.length + 1);
                byte[] insert = random.nextBoolean() ? new byte[] {0} : "\\u12".getBytes(StandardCharsets.UTF_8);
                byte[] c = new byte[b.length + insert.length];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(insert, 0, c, at, insert.length);
                System.arraycopy(b, at, c, at + insert.length, b.length - at);
                b = c;
            }
        }
        return b;
    }

    private static String printable(byte[] b) {
        return new String(b, StandardCharsets.UTF_8).replace("\n", "\\n");
    }

    private static void keep(List<String> list, String s) {
        if (list.size() < 10) {
            list.add(s);
        }
    }
}
