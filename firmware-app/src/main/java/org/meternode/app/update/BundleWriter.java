package org.meternode.app.update;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds a bundle file from a slot's jars: hashes each, writes the manifest, has it signed, then
 * writes header and payload. Jars whose SHA-256 is in {@code reuse} are listed but not carried
 * (a delta bundle; the node takes them from its running image). Signing itself is the caller's
 * (Bouncy Castle in {@code meterctl}), so the node never needs the private key's code.
 */
public final class BundleWriter {
    /** Signs the manifest bytes (Ed25519). */
    @FunctionalInterface
    public interface ManifestSigner {
        byte[] sign(byte[] manifest) throws GeneralSecurityException;
    }

    private BundleWriter() {
    }

    public static BundleManifest write(Path out, String version, List<String> boards, Instant created, List<Path> jars,
            Set<String> reuseSha256, ManifestSigner signer) throws IOException, GeneralSecurityException {
        List<BundleManifest.FileEntry> files = new ArrayList<>();
        MessageDigest whole = BundleVerifier.sha256();
        long payloadSize = 0;
        List<Path> carried = new ArrayList<>();
        for (Path jar : jars) {
            String sha = sha256Hex(jar);
            boolean reuse = reuseSha256.contains(sha);
            long size = Files.size(jar);
            files.add(new BundleManifest.FileEntry(jar.getFileName().toString(), size, sha, reuse));
            if (!reuse) {
                carried.add(jar);
                payloadSize += size;
                digestInto(jar, whole);
            }
        }
        BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT, version, boards, created, payloadSize,
                BundleManifest.hex(whole.digest()), files);
        byte[] manifestBytes = manifest.encode();
        byte[] signature = signer.sign(manifestBytes);
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try (OutputStream o = Files.newOutputStream(tmp)) {
            BundleHeader.write(o, manifestBytes, signature);
            for (Path jar : carried) {
                Files.copy(jar, o);
            }
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return manifest;
    }

    public static String sha256Hex(Path file) throws IOException {
        MessageDigest d = BundleVerifier.sha256();
        digestInto(file, d);
        return BundleManifest.hex(d.digest());
    }

    private static void digestInto(Path file, MessageDigest d) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                d.update(buffer, 0, n);
            }
        }
    }
}
