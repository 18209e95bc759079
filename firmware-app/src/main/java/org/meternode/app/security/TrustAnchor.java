package org.meternode.app.security;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

/**
 * What the node trusts its server by: a pinned public key (rpk) or CA certificates (x509). Public
 * material only; safe to log and to store world-readable.
 */
public sealed interface TrustAnchor {
    /** rpk or x509. */
    String mode();

    /** DER bytes as carried in LwM2M Security resource 4 (Server Public Key). */
    byte[] encoded();

    /** PEM text for files. */
    String pem();

    /** A pinned raw public key. */
    record Key(PublicKey publicKey) implements TrustAnchor {
        @Override
        public String mode() {
            return "rpk";
        }

        @Override
        public byte[] encoded() {
            return publicKey.getEncoded();
        }

        @Override
        public String pem() {
            return Pem.encode(Pem.PUBLIC_KEY, publicKey.getEncoded());
        }

        @Override
        public String toString() {
            return "server key " + shortId(publicKey);
        }
    }

    /** CA certificates the server's chain must lead to. */
    record Authorities(List<X509Certificate> certificates) implements TrustAnchor {
        public Authorities {
            certificates = List.copyOf(certificates);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("at least one CA certificate");
            }
        }

        @Override
        public String mode() {
            return "x509";
        }

        @Override
        public byte[] encoded() {
            try {
                return certificates.get(0).getEncoded();
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String pem() {
            StringBuilder out = new StringBuilder();
            for (X509Certificate c : certificates) {
                try {
                    out.append(Pem.encode(Pem.CERTIFICATE, c.getEncoded()));
                } catch (java.security.cert.CertificateEncodingException e) {
                    throw new IllegalStateException(e);
                }
            }
            return out.toString();
        }

        @Override
        public String toString() {
            return "CA " + certificates.get(0).getSubjectX500Principal().getName()
                    + (certificates.size() > 1 ? " (+" + (certificates.size() - 1) + ")" : "");
        }
    }

    /**
     * Reads the DER of Security resource 4 for {@code mode}: a SubjectPublicKeyInfo (rpk) or a
     * certificate (x509).
     */
    static TrustAnchor decode(String mode, byte[] der) throws GeneralSecurityException {
        if (mode.equals("rpk")) {
            return new Key(EcKeys.publicKey(der));
        }
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        return new Authorities(List.of(cert));
    }

    /** Reads a PEM file's text for {@code mode}. */
    static TrustAnchor fromPem(String mode, String pem) throws GeneralSecurityException {
        if (mode.equals("rpk")) {
            List<byte[]> keys = Pem.all(pem, Pem.PUBLIC_KEY);
            if (keys.size() != 1) {
                throw new GeneralSecurityException("expected one PUBLIC KEY block");
            }
            return new Key(EcKeys.publicKey(keys.get(0)));
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certs = new java.util.ArrayList<>();
        for (byte[] der : Pem.all(pem, Pem.CERTIFICATE)) {
            certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
        }
        if (certs.isEmpty()) {
            throw new GeneralSecurityException("expected CERTIFICATE blocks");
        }
        return new Authorities(certs);
    }

    /** First 8 bytes of SHA-256 over a public key's encoding, as hex: a short name safe to log. */
    static String shortId(PublicKey key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
