package org.meternode.tools.fleet;

import java.util.ArrayList;
import java.util.List;
import org.meternode.app.lwm2m.RegistryObject;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.ReadingStream;

/**
 * The streams every virtual node reports and their deterministic values: stream s is energy,
 * power, voltage or current (s mod 4) on channel {@code grid} (then {@code grid1}, {@code grid2},
 * ... for each further four), carried on the registry object the real node uses for that quantity.
 * Node i's value for interval k is a pure function of (seed, i, k, s); energy only grows.
 */
final class FleetStreams {
    /** Most streams per node; a Send of a few intervals then stays well under the head-end's 500 values. */
    static final int MAX = 32;
    private static final Quantity[] CYCLE = {Quantity.ENERGY, Quantity.POWER, Quantity.VOLTAGE, Quantity.CURRENT};

    /** One stream: its object instance, the Application Type announcing it, and its name at the head-end. */
    record Stream(int index, RegistryObject object, int instance, String applicationType, String name) {
    }

    private final List<Stream> streams;
    private final long seed;

    FleetStreams(int count, long seed) {
        if (count < 1 || count > MAX) {
            throw new IllegalArgumentException("--streams " + count + ": must be 1.." + MAX);
        }
        this.seed = seed;
        List<Stream> list = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            Quantity q = CYCLE[s % CYCLE.length];
            int instance = s / CYCLE.length;
            String channel = instance == 0 ? "grid" : "grid" + instance;
            RegistryObject object = RegistryObject.of(q);
            ReadingStream stream = ReadingStream.of(q);
            list.add(new Stream(s, object, instance, object.applicationType(channel, stream), stream.in(channel)));
        }
        this.streams = List.copyOf(list);
    }

    List<Stream> all() {
        return streams;
    }

    int count() {
        return streams.size();
    }

    /** Node {@code node}'s value of stream {@code s} for interval {@code k} (k from 1). */
    double value(int node, long k, int s) {
        long h = mix(seed ^ mix(node * 0x9E3779B97F4A7C15L + s) ^ mix(k));
        return switch (s % CYCLE.length) {
            // A running total: a start and a constant step (a multiple of 1/8 kWh, exact in binary) per node.
            case 0 -> 1000.0 * (node + 1) + (s / 4) * 100_000.0 + k * 0.125 * (1 + Math.floorMod(mix(seed + node), 40));
            case 1 -> 50 + Math.floorMod(h, 6000) * 0.5;
            case 2 -> 220 + Math.floorMod(h, 200) * 0.1;
            default -> Math.floorMod(h, 3200) * 0.01;
        };
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
