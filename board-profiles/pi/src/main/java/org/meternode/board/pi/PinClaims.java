package org.meternode.board.pi;

import java.util.HashMap;
import java.util.Map;
import org.meternode.hal.BoardException;

/**
 * Which holder has which pin or ADC input; a second claim names both holders. Holders are written
 * as they should appear in messages: {@code channel 'grid'}.
 */
final class PinClaims {
    private final Map<String, String> holderByResource = new HashMap<>();

    /** Claims {@code resource} (a {@link GpioPin} name or a canonical ADC input) for {@code holder}. */
    synchronized void claim(String holder, String kind, String resource) throws BoardException {
        String previous = holderByResource.putIfAbsent(resource, holder);
        if (previous != null) {
            throw new BoardException(holder + ": " + kind + " " + resource + " is already claimed by " + previous);
        }
    }

    synchronized void release(String resource) {
        holderByResource.remove(resource);
    }

    static String channel(String channel) {
        return "channel '" + channel + "'";
    }
}
