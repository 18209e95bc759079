package org.meternode.hal.meter.wmbus.stick;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.meternode.hal.serial.SerialLine;
import org.meternode.hal.serial.SerialSettings;

/** Opens a wM-Bus stick of a kind named in configuration on an already opened serial line. */
public final class WmbusSticks {
    /** The kinds {@link #open} knows, as written in configuration. */
    public static final List<String> KINDS = List.of("im871a", "amb8465");

    private WmbusSticks() {
    }

    /** The line settings a stick of {@code kind} talks at (iM871A 57600 8N1, AMB8465 9600 8N1). */
    public static SerialSettings serialSettings(String kind) {
        return switch (kind) {
            case "im871a" -> ImstStick.SERIAL;
            case "amb8465" -> AmberStick.SERIAL;
            default -> throw new IllegalArgumentException("wM-Bus stick kind '" + kind + "' is unknown; known: "
                    + String.join(", ", KINDS));
        };
    }

    /** {@link #open(String, SerialLine, Clock)} with the system clock. */
    public static WmbusStick open(String kind, SerialLine line) throws IOException {
        return open(kind, line, Clock.systemUTC());
    }

    /**
     * The stick of {@code kind} on {@code line}, which is set to the stick's serial settings; not yet
     * configured.
     *
     * @throws IllegalArgumentException for a kind not in {@link #KINDS}
     */
    public static WmbusStick open(String kind, SerialLine line, Clock clock) throws IOException {
        return switch (kind) {
            case "im871a" -> new ImstStick(line, clock);
            case "amb8465" -> new AmberStick(line, clock);
            default -> throw new IllegalArgumentException("wM-Bus stick kind '" + kind + "' is unknown; known: "
                    + String.join(", ", KINDS));
        };
    }
}
