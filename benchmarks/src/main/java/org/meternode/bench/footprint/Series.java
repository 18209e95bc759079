package org.meternode.bench.footprint;

import java.util.List;
import java.util.Objects;

/**
 * A measured series for a plot: each point is {@code {x, y}}, x in minutes of simulated time (or a wake
 * number), y in the unit the plot names.
 */
public record Series(String label, List<double[]> points) {
    public Series {
        Objects.requireNonNull(label, "series label");
        points = List.copyOf(points);
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).length != 2) {
                throw new IllegalArgumentException("series '" + label + "': point " + i + " has "
                        + points.get(i).length + " values, expected {x, y}");
            }
        }
    }
}
