package org.meternode.hal.meter.wmbus.stick;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One wireless M-Bus frame as a stick received it: the bytes from the L-field on, with the radio
 * block CRCs already checked and stripped by the stick (so {@code frame[0] == frame.length - 1}),
 * the signal strength, and when the node read it from the stick.
 *
 * @param frame L-field, C-field, manufacturer, address, CI and the rest, without CRCs
 * @param rssiDbm received signal strength in dBm, converted from the stick's raw value
 * @param receivedAt when the node decoded the stick's message (the node's clock, not the stick's)
 */
public record RadioFrame(byte[] frame, int rssiDbm, Instant receivedAt) {
    public RadioFrame {
        Objects.requireNonNull(receivedAt, "receivedAt");
        frame = frame.clone();
        if (frame.length < 2) {
            throw new IllegalArgumentException("a radio frame needs at least an L- and a C-field, got "
                    + frame.length + " bytes");
        }
    }

    @Override
    public byte[] frame() {
        return frame.clone();
    }

    /** The L-field: bytes after it, CRCs not counted. */
    public int lField() {
        return frame[0] & 0xFF;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RadioFrame other && Arrays.equals(frame, other.frame) && rssiDbm == other.rssiDbm
                && receivedAt.equals(other.receivedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(frame), rssiDbm, receivedAt);
    }

    @Override
    public String toString() {
        return "RadioFrame[" + HexFormat.of().withUpperCase().formatHex(frame) + ", " + rssiDbm + " dBm, "
                + receivedAt + "]";
    }
}
