package org.meternode.app.update;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Reads the node's trusted update key: an Ed25519 public key as PEM SubjectPublicKeyInfo
 * ({@code -----BEGIN PUBLIC KEY-----}), as written by {@code meterctl update keygen} or
 * {@code openssl pkey -pubout}. The node verifies with the JDK's own Ed25519 (no Bouncy Castle on
 * the node: 8 MB less in every slot and every bundle).
 */
public final class PemKeys {
    private PemKeys() {
    }

    public static PublicKey readPublicKey(Path pem) throws IOException, GeneralSecurityException {
        return publicKey(derOf(Files.readString(pem, StandardCharsets.US_ASCII), "PUBLIC KEY", pem.toString()));
    }

    public static PublicKey publicKey(byte[] spki) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    /** The DER bytes between {@code -----BEGIN label-----} and {@code -----END label-----}. */
    public static byte[] derOf(String pem, String label, String source) throws IOException {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new IOException(source + ": no '" + begin + "' block");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new IOException(source + ": bad base64 in the " + label + " block", ex);
        }
    }

    public static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    /** A short, stable name for a key in logs: the first 8 bytes of SHA-256 over its encoding. */
    public static String fingerprint(PublicKey key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
