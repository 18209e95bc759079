package org.meternode.bench.footprint;

import java.util.Objects;

/**
 * One target of the footprint benchmark, a row of the table: our figure beside the peer's, their ratio,
 * the goal and whether it was met. Figures are already formatted with their units; {@code note} may be empty.
 */
public record Target(String name, String ours, String peer, String ratio, String goal, boolean met, String note) {
    public Target {
        Objects.requireNonNull(name, "target name");
        ours = Objects.requireNonNullElse(ours, "");
        peer = Objects.requireNonNullElse(peer, "");
        ratio = Objects.requireNonNullElse(ratio, "");
        goal = Objects.requireNonNullElse(goal, "");
        note = Objects.requireNonNullElse(note, "");
    }
}
