package org.meternode.app.update;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The contents of {@code <storage>/slots/state}: which image boots ({@code factory}, {@code a} or
 * {@code b}), which one booted before it (the rollback target), whether the active one is on trial
 * (installed but not yet confirmed healthy) and how many trial boots the launcher started, and the outcome
 * of the last update for the node to report in object 5.
 */
public record SlotState(String active, String previous, boolean trial, int trialBoots, String trialVersion,
        Outcome outcome, String outcomeVersion, String outcomeDetail) {
    public static final String FACTORY = "factory";
    public static final String A = "a";
    public static final String B = "b";
    public static final String NONE = "none";
    private static final Set<String> SLOTS = Set.of(FACTORY, A, B);

    /** What became of the last installed update. */
    public enum Outcome { NONE, SUCCESS, ROLLED_BACK }

    public SlotState {
        if (!SLOTS.contains(active)) {
            throw new IllegalArgumentException("active slot '" + active + "' is not one of factory, a, b");
        }
        if (!previous.equals(NONE) && !SLOTS.contains(previous)) {
            throw new IllegalArgumentException("previous slot '" + previous + "' is not one of none, factory, a, b");
        }
        if (trial && (previous.equals(NONE) || previous.equals(active))) {
            throw new IllegalArgumentException("a trial of slot '" + active + "' needs another slot to roll back to");
        }
        Objects.requireNonNull(outcome, "outcome");
        trialVersion = trialVersion == null ? "" : trialVersion;
        outcomeVersion = outcomeVersion == null ? "" : outcomeVersion;
        outcomeDetail = outcomeDetail == null ? "" : outcomeDetail.replace('\n', ' ');
    }

    /** No slot installed: the launcher runs the image it was started from. */
    public static SlotState factory() {
        return new SlotState(FACTORY, NONE, false, 0, "", Outcome.NONE, "", "");
    }

    /** The A/B slot an install may write: never the active one. */
    public String inactiveSlot() {
        return active.equals(A) ? B : A;
    }

    /** After a complete install into {@code slot}: boot it on trial, keep the active one to go back to. */
    public SlotState switchTo(String slot, String version) {
        if (slot.equals(active) || slot.equals(FACTORY)) {
            throw new IllegalArgumentException("cannot switch from '" + active + "' to '" + slot + "'");
        }
        return new SlotState(slot, active, true, 0, version, Outcome.NONE, "", "");
    }

    /** The launcher starts one more trial boot. */
    public SlotState startingTrialBoot() {
        return new SlotState(active, previous, trial, trialBoots + 1, trialVersion, outcome, outcomeVersion,
                outcomeDetail);
    }

    /** The trial image registered and had a Send acknowledged: it stays. */
    public SlotState confirmed() {
        return new SlotState(active, previous, false, 0, "", Outcome.SUCCESS, trialVersion, "");
    }

    /** The trial image failed: boot the previous one again. */
    public SlotState rolledBack(String reason) {
        return new SlotState(previous, active, false, 0, "", Outcome.ROLLED_BACK, trialVersion, reason);
    }

    /**
     * The active slot failed its check at boot (damaged or altered since it was installed): boot
     * {@code bootSlot} from now on. Recorded like a rollback (outcome {@code rolled-back}, the refused
     * version and why), which is how the launcher tells the node; no new outcome value, so an older
     * image in the other slot still reads this state.
     */
    public SlotState refused(String bootSlot, String refusedVersion, String reason) {
        if (trial || bootSlot.equals(active)) {
            throw new IllegalArgumentException("cannot refuse slot '" + active + "' for '" + bootSlot + "'"
                    + (trial ? " during a trial (that is a rollback)" : ""));
        }
        return new SlotState(bootSlot, NONE, false, 0, "", Outcome.ROLLED_BACK, refusedVersion, reason);
    }

    /**
     * Where to boot when the active image cannot, best first: the previous slot, unless it is the one a
     * trial was just rolled back from, then the factory image.
     */
    public List<String> fallbacks() {
        List<String> out = new ArrayList<>();
        if (!previous.equals(NONE) && !previous.equals(active) && !previous.equals(FACTORY)
                && outcome != Outcome.ROLLED_BACK) {
            out.add(previous);
        }
        if (!active.equals(FACTORY)) {
            out.add(FACTORY);
        }
        return out;
    }

    public byte[] encode() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("meternode-slots", "1");
        m.put("active", active);
        m.put("previous", previous);
        m.put("trial", Boolean.toString(trial));
        m.put("trial-boots", Integer.toString(trialBoots));
        m.put("trial-version", trialVersion);
        m.put("last-outcome", outcome.name().toLowerCase().replace('_', '-'));
        m.put("last-outcome-version", outcomeVersion);
        m.put("last-outcome-detail", outcomeDetail);
        StringBuilder s = new StringBuilder();
        m.forEach((k, v) -> s.append(k).append(": ").append(v).append('\n'));
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static SlotState decode(byte[] bytes) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            int colon = line.indexOf(": ");
            if (line.isBlank()) {
                continue;
            }
            if (colon < 0) {
                String key = line.endsWith(":") ? line.substring(0, line.length() - 1) : line;
                m.put(key, "");
                continue;
            }
            m.put(line.substring(0, colon), line.substring(colon + 2));
        }
        if (!"1".equals(m.get("meternode-slots"))) {
            throw new IllegalArgumentException("not a meternode slot state (format " + m.get("meternode-slots") + ")");
        }
        try {
            return new SlotState(need(m, "active"), need(m, "previous"), Boolean.parseBoolean(need(m, "trial")),
                    Integer.parseInt(need(m, "trial-boots")), m.get("trial-version"),
                    Outcome.valueOf(need(m, "last-outcome").toUpperCase().replace('-', '_')),
                    m.get("last-outcome-version"), m.get("last-outcome-detail"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("slot state: " + e.getMessage(), e);
        }
    }

    private static String need(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("slot state has no '" + key + "'");
        }
        return v;
    }
}
