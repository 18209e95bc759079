package org.meternode.app.update;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An installed slot: {@code slots/<x>/manifest} (the signed manifest, as installed),
 * {@code manifest.sig} and {@code lib/*.jar}. {@link #check()} proves every listed jar is there with
 * its size and SHA-256, so the launcher never boots a half-written or damaged slot.
 */
public record SlotImage(String slot, Path dir, BundleManifest manifest) {
    public static final String MANIFEST = "manifest";
    public static final String SIGNATURE = "manifest.sig";
    public static final String LIB = "lib";

    /** Reads the slot's manifest; fails with what is missing. */
    public static SlotImage open(SlotStore store, String slot) throws IOException {
        Path dir = store.slotDir(slot);
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new IOException("slot '" + slot + "' has no manifest (" + manifestFile + ")");
        }
        try {
            return new SlotImage(slot, dir, BundleManifest.parse(Files.readAllBytes(manifestFile)));
        } catch (UpdateException e) {
            throw new IOException("slot '" + slot + "': " + e.getMessage(), e);
        }
    }

    public String version() {
        return manifest.firmwareVersion();
    }

    /** The class path of this image, in manifest order. */
    public List<Path> jars() {
        List<Path> jars = new ArrayList<>();
        for (BundleManifest.FileEntry f : manifest.files()) {
            jars.add(dir.resolve(LIB).resolve(f.name()));
        }
        return jars;
    }

    /** Every jar present with the size and SHA-256 the manifest lists. */
    public void check() throws IOException {
        for (BundleManifest.FileEntry f : manifest.files()) {
            Path jar = dir.resolve(LIB).resolve(f.name());
            if (!Files.isRegularFile(jar) || Files.size(jar) != f.size()) {
                throw new IOException("slot '" + slot + "': " + f.name() + " is missing or has the wrong size");
            }
            if (!BundleWriter.sha256Hex(jar).equals(f.sha256())) {
                throw new IOException("slot '" + slot + "': " + f.name() + " does not match its SHA-256");
            }
        }
    }
}
