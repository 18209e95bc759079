package org.meternode.board.sim;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptions;

/** Small helpers to open sim boards in tests. */
final class SimTesting {
    static final Instant WALL_START = Instant.parse("2026-11-27T10:15:30.250Z");
    static final Instant VIRTUAL_START = Instant.parse("2026-01-05T00:00:00Z");

    private SimTesting() {
    }

    /** A map from alternating keys and values, keeping order (Map.of has none). */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /**
     * Options with every meter type, starting at {@link #VIRTUAL_START}: GPIO17 electricity, GPIO27 water,
     * A0 CT clamp (defaults, 50 Hz), A1 CT clamp (60 Hz, 30 A : 10 mA), GPIO22 (initially high) and GPIO23 digital.
     */
    static Map<String, Object> allMeters(Object... topLevel) {
        Map<String, Object> values = map(
                "start", VIRTUAL_START.toString(),
                "meters", map(
                        "GPIO17", map("type", "s0-electricity"),
                        "GPIO27", map("type", "water-reed"),
                        "A0", map("type", "ct-clamp"),
                        "A1", map("type", "ct-clamp", "mains-hz", 60, "ratio", "30A:10mA"),
                        "GPIO22", map("type", "digital", "initial", true),
                        "GPIO23", map("type", "digital")));
        values.putAll(map(topLevel));
        return values;
    }

    static SimBoard open(ManualWallTime wall, Path stateDir, Map<String, Object> values) throws BoardException {
        return new SimBoardProvider(wall).open(BoardOptions.of(values, stateDir));
    }
}
