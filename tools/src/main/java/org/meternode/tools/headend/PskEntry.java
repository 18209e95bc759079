package org.meternode.tools.headend;

import java.util.HexFormat;

/**
 * A node the head-end accepts with a pre-shared key. Parsed from {@code endpoint:identity:hexkey};
 * the key never appears in {@link #toString()} or in error messages.
 */
public record PskEntry(String endpoint, String identity, byte[] key) {
    public PskEntry {
        key = key.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    public static PskEntry parse(String spec) {
        String[] parts = spec.split(":", 3);
        if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
            // A single part may be the key itself: name the endpoint only when there is more.
            String endpoint = parts.length > 1 ? " for endpoint '" + parts[0] + "'" : "";
            throw new IllegalArgumentException("PSK entry must be ENDPOINT:IDENTITY:HEXKEY (got "
                    + (parts.length) + " part(s)" + endpoint + ")");
        }
        try {
            return new PskEntry(parts[0], parts[1], HexFormat.of().parseHex(parts[2].trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PSK entry for endpoint '" + parts[0] + "': key is not valid hex", e);
        }
    }

    @Override
    public String toString() {
        return "PskEntry[endpoint=" + endpoint + ", identity=" + identity + ", key=(" + key.length + " bytes)]";
    }
}
