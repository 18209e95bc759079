package org.meternode.hal.meter.sml;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** A non-numeric SML list entry: server ID, manufacturer, public key; kept as the octets sent. */
public record SmlText(String obis, byte[] octets) {
    public SmlText {
        octets = octets.clone();
    }

    @Override
    public byte[] octets() {
        return octets.clone();
    }

    /** The octets as ASCII (manufacturer codes, firmware versions). */
    public String ascii() {
        return new String(octets, StandardCharsets.US_ASCII);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SmlText t && obis.equals(t.obis) && Arrays.equals(octets, t.octets);
    }

    @Override
    public int hashCode() {
        return obis.hashCode() * 31 + Arrays.hashCode(octets);
    }

    @Override
    public String toString() {
        return "SmlText[" + obis + ", " + HexFormat.of().formatHex(octets) + "]";
    }
}
