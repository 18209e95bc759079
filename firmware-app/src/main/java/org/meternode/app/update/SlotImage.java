package org.meternode.app.update;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * An installed slot: {@code slots/<x>/manifest} (the signed manifest, as installed),
 * {@code manifest.sig} and {@code lib/*.jar}. {@link #verified} is what the launcher boots: the
 * manifest still carries the trusted key's signature and {@link #check()} proves every listed jar is
 * there with its size and SHA-256, so a half-written, damaged or altered slot is never booted.
 */
public record SlotImage(String slot, Path dir, BundleManifest manifest) {
    public static final String MANIFEST = "manifest";
    public static final String SIGNATURE = "manifest.sig";
    public static final String LIB = "lib";

    /** Reads the slot's manifest, without checking its signature; fails with what is missing. */
    public static SlotImage open(SlotStore store, String slot) throws IOException {
        Path dir = store.slotDir(slot);
        return parse(slot, dir, read(slot, dir.resolve(MANIFEST), BundleManifest.MAX_BYTES));
    }

    /**
     * Opens the slot for booting: the manifest's bytes must verify against {@code key} (the update key,
     * as when the bundle was installed) and every jar must match the manifest; the refusal names the
     * slot and the file.
     */
    public static SlotImage verified(SlotStore store, String slot, PublicKey key) throws IOException {
        Path dir = store.slotDir(slot);
        byte[] manifest = read(slot, dir.resolve(MANIFEST), BundleManifest.MAX_BYTES);
        byte[] signature = read(slot, dir.resolve(SIGNATURE), BundleHeader.MAX_SIGNATURE);
        if (!BundleVerifier.signedBy(key, manifest, signature)) {
            throw new IOException("slot '" + slot + "': " + dir.resolve(MANIFEST) + " does not verify against the"
                    + " trusted update key " + PemKeys.fingerprint(key) + " (signed with another key, or the manifest"
                    + " or " + SIGNATURE + " was altered)");
        }
        SlotImage image = parse(slot, dir, manifest);
        image.check();
        return image;
    }

    private static byte[] read(String slot, Path file, int maxBytes) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("slot '" + slot + "' has no " + file.getFileName() + " (" + file + ")");
        }
        if (Files.size(file) > maxBytes) {
            throw new IOException("slot '" + slot + "': " + file + " is larger than " + maxBytes + " bytes");
        }
        return Files.readAllBytes(file);
    }

    private static SlotImage parse(String slot, Path dir, byte[] manifest) throws IOException {
        try {
            return new SlotImage(slot, dir, BundleManifest.parse(manifest));
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
                throw new IOException("slot '" + slot + "': " + jar + " is missing or has the wrong size ("
                        + f.size() + " bytes listed)");
            }
            if (!BundleWriter.sha256Hex(jar).equals(f.sha256())) {
                throw new IOException("slot '" + slot + "': " + jar + " does not match the SHA-256 its manifest lists");
            }
        }
    }
}
