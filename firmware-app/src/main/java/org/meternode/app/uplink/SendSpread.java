package org.meternode.app.uplink;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;

/** Where in the spread window this node sends after each interval end: stable per endpoint. */
public final class SendSpread {
    private final String endpoint;
    private final Duration window;
    private final Duration offset;

    /** @param window may be {@link Duration#ZERO} (no spread: send at the interval end) */
    public SendSpread(String endpoint, Duration window) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.window = Objects.requireNonNull(window, "window");
        if (window.isNegative()) {
            throw new IllegalArgumentException("send spread for '" + endpoint + "': window must not be negative, was "
                    + window);
        }
        this.offset = Duration.ofNanos(Math.unsignedMultiplyHigh(hash64(endpoint), window.toNanos()));
    }

    /** The default window: 10 % of the sampling interval. */
    public static Duration defaultWindow(Duration interval) {
        return interval.dividedBy(10);
    }

    /**
     * The offset in [0, window): SHA-256 of the endpoint's UTF-8 bytes, its first 8 bytes read as an
     * unsigned fraction of 2^64, times the window (rounded down to the nanosecond).
     */
    public Duration offset() {
        return offset;
    }

    public Duration window() {
        return window;
    }

    public String endpoint() {
        return endpoint;
    }

    /** The first 8 bytes of SHA-256(endpoint), big-endian, as an unsigned 64-bit number. */
    private static long hash64(String endpoint) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(endpoint.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM (every JVM must have it)", e);
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (digest[i] & 0xff);
        }
        return v;
    }

    @Override
    public String toString() {
        return "send spread of '" + endpoint + "': " + offset + " into a window of " + window;
    }
}
