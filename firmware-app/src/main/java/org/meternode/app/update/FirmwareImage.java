package org.meternode.app.update;

import java.io.IOException;

/**
 * The image this node process runs: the slot the launcher started ({@code -Dmeternode.slot}) and its
 * manifest's version, or the factory image (the jars the launcher itself was started from, or a
 * plain {@code meternode run}) with the version built into this jar.
 */
public record FirmwareImage(String slot, String version) {
    /** Reads {@code -Dmeternode.slot}; the factory image when unset or {@code factory}. */
    public static FirmwareImage current(SlotStore store, String factoryVersion) {
        String slot = System.getProperty(NodeJvm.SLOT_PROPERTY, SlotState.FACTORY);
        if (slot.equals(SlotState.FACTORY)) {
            return new FirmwareImage(SlotState.FACTORY, factoryVersion);
        }
        try {
            return new FirmwareImage(slot, SlotImage.open(store, slot).version());
        } catch (IOException e) {
            throw new IllegalStateException("started as slot '" + slot + "' but " + e.getMessage(), e);
        }
    }

    /** True when started by the launcher (which restarts the node after an install). */
    public static boolean launched() {
        return System.getProperty(NodeJvm.SLOT_PROPERTY) != null;
    }
}
