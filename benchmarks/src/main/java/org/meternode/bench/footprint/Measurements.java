package org.meternode.bench.footprint;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one footprint run measured, as {@link FootprintReport} prints and plots it.
 *
 * @param machine one line: cores, CPU model, OS, JDK
 * @param commit the git commit the run measured
 * @param targets the rows of the table
 * @param rssMiB RSS in MiB over simulated minutes, one series per node kind
 * @param wakeupsPerThread thread name to wakeups per second while idle
 * @param bytesPerWake bytes at the IP layer per wake number, ours and the MQTT/TLS peer
 * @param howToRun the command that repeats the run, e.g. {@code ./bench footprint}
 */
public record Measurements(String machine, String commit, List<Target> targets, List<Series> rssMiB,
        Map<String, Double> wakeupsPerThread, List<Series> bytesPerWake, String howToRun) {
    public Measurements {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(howToRun, "howToRun");
        targets = List.copyOf(targets);
        rssMiB = List.copyOf(rssMiB);
        wakeupsPerThread = Map.copyOf(wakeupsPerThread);
        bytesPerWake = List.copyOf(bytesPerWake);
    }
}
