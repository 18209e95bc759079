package org.meternode.app.update;

import java.nio.file.Path;

/** A bundle file whose signature, target, version, structure and hashes all checked out. */
public record VerifiedBundle(Path file, BundleManifest manifest, BundleHeader header) {
    /** Where the payload starts in {@link #file()}. */
    public long payloadOffset() {
        return header.length();
    }
}
