package org.meternode.app.update;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Optional;

/**
 * Decides whether a bundle may be installed on this node: the Ed25519 signature over the manifest
 * verifies against the provisioned key, the manifest names this node's board, its version is newer
 * than the running one, the file is exactly header + payload, and the payload and every carried file
 * match their SHA-256. Each refusal says what is wrong and carries the object 5 result code.
 */
public final class BundleVerifier {
    private final PublicKey trustedKey;
    private final String board;
    private final String runningVersion;

    public BundleVerifier(PublicKey trustedKey, String board, String runningVersion) {
        this.trustedKey = trustedKey;
        this.board = board;
        this.runningVersion = runningVersion;
    }

    /** Checks what the header alone can tell: signature, format, board, version. */
    public BundleManifest checkHeader(BundleHeader header) throws UpdateException {
        if (!signatureValid(header)) {
            throw new UpdateException(UpdateResult.INTEGRITY_CHECK_FAILURE, "bundle signature does not verify"
                    + " against the trusted update key " + PemKeys.fingerprint(trustedKey)
                    + " (signed with another key, or the manifest was altered)");
        }
        BundleManifest manifest = BundleManifest.parse(header.manifestBytes());
        if (!manifest.supportsBoard(board)) {
            throw new UpdateException(UpdateResult.UNSUPPORTED_PACKAGE_TYPE, "bundle " + manifest.firmwareVersion()
                    + " is for board(s) " + String.join(", ", manifest.boards()) + ", this node is '" + board + "'");
        }
        if (Versions.compare(manifest.firmwareVersion(), runningVersion) <= 0) {
            throw new UpdateException(UpdateResult.UNSUPPORTED_PACKAGE_TYPE, "bundle version "
                    + manifest.firmwareVersion() + " is not newer than the running version " + runningVersion);
        }
        return manifest;
    }

    /** Verifies the whole file. */
    public VerifiedBundle verify(Path file) throws UpdateException, IOException {
        long size = Files.size(file);
        BundleHeader header = readHeader(file, size);
        BundleManifest manifest = checkHeader(header);
        long expected = header.length() + manifest.payloadSize();
        if (size < expected) {
            throw new UpdateException(UpdateResult.INTEGRITY_CHECK_FAILURE, "bundle is truncated: " + size + " of "
                    + expected + " bytes");
        }
        if (size > expected) {
            throw new UpdateException(UpdateResult.INTEGRITY_CHECK_FAILURE, "bundle has " + (size - expected)
                    + " unexpected byte(s) after the payload");
        }
        checkPayload(file, header, manifest);
        return new VerifiedBundle(file, manifest, header);
    }

    private static BundleHeader readHeader(Path file, long size) throws IOException, UpdateException {
        byte[] start = new byte[(int) Math.min(size, BundleHeader.maxLength())];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(start, 0, start.length);
            Optional<BundleHeader> header = BundleHeader.tryDecode(start, n);
            if (header.isEmpty()) {
                throw new UpdateException(UpdateResult.INTEGRITY_CHECK_FAILURE, "bundle is truncated: its "
                        + size + " byte(s) end inside the header");
            }
            return header.get();
        }
    }

    private boolean signatureValid(BundleHeader header) {
        return signedBy(trustedKey, header.manifestBytes(), header.signature());
    }

    /**
     * True when {@code signature} is {@code key}'s Ed25519 signature over {@code manifest}; also used
     * by the launcher to re-check an installed slot's manifest at every boot.
     */
    public static boolean signedBy(PublicKey key, byte[] manifest, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(manifest);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void checkPayload(Path file, BundleHeader header, BundleManifest manifest)
            throws IOException, UpdateException {
        MessageDigest whole = sha256();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(header.length());
            for (BundleManifest.FileEntry f : manifest.carriedFiles()) {
                MessageDigest one = sha256();
                long left = f.size();
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        throw new UpdateException(UpdateResult.INTEGRITY_CHECK_FAILURE, "bundle ends inside " + f.name());
                    }
                    one.update(buffer, 0, n);
                    whole.update(buffer, 0, n);
                    left -= n;
                }
                if (!BundleManifest.hex(one.digest()).equals(f.sha256())) {
                    throw new UpdateException(UpdateResult.INTEGRITY_CHECK_FAILURE, "payload file " + f.name()
                            + " does not match its SHA-256 in the manifest");
                }
            }
        }
        if (!BundleManifest.hex(whole.digest()).equals(manifest.payloadSha256())) {
            throw new UpdateException(UpdateResult.INTEGRITY_CHECK_FAILURE, "payload does not match payload-sha256");
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
