package org.meternode.deb;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged (or the image's) config turned into one a machine without meters can run: the board
 * section becomes the sim board with an S0 meter on the packaged channel's GPIO17, at 60x speed, and
 * the 15-minute interval becomes 1 minute (a reading every second of wall time).
 */
final class SimBoardConfig {
    private static final Pattern BOARD_SECTION = Pattern.compile("(?ms)^board: .*?(?=^sampling:)");

    private SimBoardConfig() {
    }

    static String of(String yaml) {
        Matcher board = BOARD_SECTION.matcher(yaml);
        if (!board.find() || !yaml.contains("interval: 15m\n") || !yaml.contains("input: GPIO17")) {
            throw new AssertionError("not the packaged config's shape (board: ... before sampling:, interval 15m,"
                    + " a GPIO17 input):\n" + yaml);
        }
        return board.replaceFirst(Matcher.quoteReplacement("""
                board: sim
                board-options:
                  speed: 60
                  meters:
                    GPIO17: {type: s0-electricity, pulses-per-kwh: 1000}

                """)).replace("interval: 15m\n", "interval: 1m\n");
    }
}
