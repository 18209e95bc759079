package org.meternode.board.linux;

import java.util.HashMap;
import java.util.Map;
import org.meternode.hal.BoardException;

/** Which channel holds which pin; a second claim names both channels. */
final class PinClaims {
    private final Map<String, String> channelByPin = new HashMap<>();

    synchronized void claim(String channel, String pin) throws BoardException {
        String holder = channelByPin.putIfAbsent(pin, channel);
        if (holder != null) {
            throw new BoardException("channel '" + channel + "': pin " + pin + " is already claimed by channel '"
                    + holder + "'");
        }
    }

    /** Gives a pin back after its capability could not be set up. */
    synchronized void release(String pin) {
        channelByPin.remove(pin);
    }
}
