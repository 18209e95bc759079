package org.meternode.hal;

import java.util.HashMap;
import java.util.Map;

/**
 * Which holder has which pin (or ADC input, or other board resource) on a board; a second claim
 * names both holders: {@code "<holder>: <kind> <resource> is already claimed by <previous holder>"}.
 * Holders are written as they should appear in messages, e.g. {@link #channel}{@code ("grid")}.
 */
public final class PinClaims {
    private final Map<String, String> holderByResource = new HashMap<>();

    /** Claims {@code resource} (a pin name, an ADC input, ...) for {@code holder}. */
    public synchronized void claim(String holder, String kind, String resource) throws BoardException {
        String previous = holderByResource.putIfAbsent(resource, holder);
        if (previous != null) {
            throw new BoardException(holder + ": " + kind + " " + resource + " is already claimed by " + previous);
        }
    }

    /** Gives a resource back, e.g. after its capability could not be set up. */
    public synchronized void release(String resource) {
        holderByResource.remove(resource);
    }

    /** The holder text for a channel: {@code channel 'NAME'}. */
    public static String channel(String channel) {
        return "channel '" + channel + "'";
    }
}
