package org.meternode.hal;

import java.time.Duration;
import java.util.Objects;

/**
 * What the app asks of a board for one pulse channel: which pin, how much debounce. The channel id
 * is carried so that every error can name the channel.
 */
public record PulseInput(String channel, String pin, Duration debounce) {
    public PulseInput {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(pin, "pin");
        Objects.requireNonNull(debounce, "debounce");
        if (debounce.isNegative()) {
            throw new IllegalArgumentException("channel '" + channel + "': debounce must not be negative");
        }
    }
}
