package org.meternode.board.sim;

import java.nio.charset.StandardCharsets;

/**
 * Reproducible randomness for one meter: every value is a hash of (seed, pin, stream, index), so
 * any minute or sample can be computed on its own, in any order, in any process.
 */
final class SeededNoise {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final double UNIT = 0x1.0p-53;

    private final long key;

    SeededNoise(long seed, String pin) {
        this.key = mix(mix(seed + GOLDEN) ^ fnv1a(pin));
    }

    /** Uniform in [0, 1). */
    double unit(long stream, long index) {
        return (bits(stream, index) >>> 11) * UNIT;
    }

    /** Uniform in [-1, 1). */
    double signed(long stream, long index) {
        return 2 * unit(stream, index) - 1;
    }

    /** Standard normal (Box-Muller over two independent uniforms). */
    double gaussian(long stream, long index) {
        double u1 = 1 - unit(stream, index);          // (0, 1]: log is finite
        double u2 = unit(stream + 0x5EED, index);
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private long bits(long stream, long index) {
        return mix(mix(key ^ (stream * GOLDEN)) ^ index);
    }

    /** SplitMix64's finaliser: a bijective, well-mixed 64-bit hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A pin name's stable 64-bit hash (FNV-1a over UTF-8), independent of JVM and run. */
    private static long fnv1a(String text) {
        long h = 0xCBF29CE484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001B3L;
        }
        return h;
    }
}
