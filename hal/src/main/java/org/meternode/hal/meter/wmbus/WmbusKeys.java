package org.meternode.hal.meter.wmbus;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The AES-128 keys of the meters a node reads, by meter id as printed ({@code "12345678"}). */
public interface WmbusKeys {

    /** The 16-byte key for the meter, if one is configured. */
    Optional<byte[]> keyFor(String meterId);

    /** No keys: encrypted telegrams are refused. */
    static WmbusKeys none() {
        return meterId -> Optional.empty();
    }

    /** Keys from a map of meter id to 16-byte key; the map is copied and each key checked. */
    static WmbusKeys of(Map<String, byte[]> byId) {
        Map<String, byte[]> copy = new HashMap<>();
        byId.forEach((id, key) -> {
            if (key.length != 16) {
                throw new IllegalArgumentException("the key for meter " + id + " has " + key.length
                        + " bytes, AES-128 needs 16");
            }
            copy.put(id.toUpperCase(java.util.Locale.ROOT), key.clone());
        });
        return meterId -> Optional.ofNullable(copy.get(meterId.toUpperCase(java.util.Locale.ROOT))).map(byte[]::clone);
    }
}
