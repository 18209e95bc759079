package org.meternode.app.security;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What the node proves itself with and how it recognises its server, loaded from the files the
 * config names. No implementation shows a secret in {@code toString()}.
 */
public sealed interface NodeCredentials {
    /** Security mode word as in the config: psk, rpk or x509. */
    String mode();

    /**
     * A digest of everything that identifies this pairing (own credential and trust anchor). Saved
     * DTLS sessions are bound to it: a session made under other credentials is not resumed.
     */
    String fingerprint();

    /** Pre-shared key: identity and key. */
    record Psk(String identity, byte[] key) implements NodeCredentials {
        public Psk {
            Objects.requireNonNull(identity, "identity");
            key = key.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public String mode() {
            return "psk";
        }

        @Override
        public String fingerprint() {
            return digest("psk", identity.getBytes(StandardCharsets.UTF_8), key);
        }

        @Override
        public String toString() {
            return "Psk[identity=" + identity + ", key=(" + key.length + " bytes, hidden)]";
        }
    }

    /** Raw public keys: the node's P-256 pair and the server's pinned public key. */
    record Rpk(KeyPair keyPair, PublicKey serverPublicKey) implements NodeCredentials {
        public Rpk {
            Objects.requireNonNull(keyPair, "keyPair");
            Objects.requireNonNull(serverPublicKey, "serverPublicKey");
        }

        @Override
        public String mode() {
            return "rpk";
        }

        @Override
        public String fingerprint() {
            return digest("rpk", keyPair.getPublic().getEncoded(), serverPublicKey.getEncoded());
        }

        @Override
        public String toString() {
            return "Rpk[node key " + TrustAnchor.shortId(keyPair.getPublic()) + ", server key "
                    + TrustAnchor.shortId(serverPublicKey) + "]";
        }
    }

    /**
     * X.509: the node's private key and certificate chain (leaf first), the CA certificates the
     * server's chain must lead to, and the DNS name the server certificate must carry.
     */
    record X509(PrivateKey privateKey, List<X509Certificate> chain, List<X509Certificate> trustedCas,
                String serverName) implements NodeCredentials {
        public X509 {
            Objects.requireNonNull(privateKey, "privateKey");
            chain = List.copyOf(chain);
            trustedCas = List.copyOf(trustedCas);
            Objects.requireNonNull(serverName, "serverName");
            if (chain.isEmpty() || trustedCas.isEmpty()) {
                throw new IllegalArgumentException("x509 needs a certificate and at least one CA certificate");
            }
        }

        @Override
        public String mode() {
            return "x509";
        }

        @Override
        public String fingerprint() {
            try {
                byte[][] parts = new byte[2 + trustedCas.size()][];
                parts[0] = serverName.getBytes(StandardCharsets.UTF_8);
                parts[1] = chain.get(0).getEncoded();
                for (int i = 0; i < trustedCas.size(); i++) {
                    parts[2 + i] = trustedCas.get(i).getEncoded();
                }
                return digest("x509", parts);
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("certificate cannot be encoded", e);
            }
        }

        @Override
        public String toString() {
            return "X509[subject " + chain.get(0).getSubjectX500Principal().getName() + ", server name "
                    + serverName + ", " + trustedCas.size() + " CA(s)]";
        }
    }

    /** SHA-256 over a label and length-prefixed parts, as hex. */
    static String digest(String label, byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(label.getBytes(StandardCharsets.US_ASCII));
            for (byte[] part : parts) {
                sha.update(new byte[] {(byte) (part.length >> 8), (byte) part.length});
                sha.update(part);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }
}
