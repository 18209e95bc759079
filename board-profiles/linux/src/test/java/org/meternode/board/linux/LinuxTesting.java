package org.meternode.board.linux;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.PulseInput;
import org.meternode.hal.Sleeper;

/** Shared test helpers: option maps and opening a board on a fake kernel. */
final class LinuxTesting {
    /** A locator like the app's, so tests see that messages come from {@link BoardOptions#where}. */
    static final String FILE = " (node.yaml:7)";

    private LinuxTesting() {
    }

    /** A map from alternating keys and values, in order. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static BoardOptions options(Map<String, Object> values, Path stateDir) {
        return new BoardOptions(values, stateDir, key -> "board-options." + key + FILE);
    }

    static LinuxBoard open(FakeKernel kernel, Sleeper sleeper, Map<String, Object> extra) throws BoardException {
        return new LinuxBoardProvider(sleeper, InputEventLayout.LITTLE_ENDIAN_64)
                .open(options(kernel.options(extra), kernel.sysfs().getParent()));
    }

    static PulseInput pulse(String channel, String pin, Duration debounce) {
        return new PulseInput(channel, pin, debounce);
    }
}
