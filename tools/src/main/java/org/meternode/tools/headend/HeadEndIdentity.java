package org.meternode.tools.headend;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.meternode.app.security.EcKeys;
import org.meternode.app.security.KeyFiles;
import org.meternode.app.security.Pem;
import org.meternode.app.security.TrustAnchor;

/**
 * What the head-end proves itself with to nodes using certificates: its P-256 key pair, and for
 * X.509 its certificate chain (leaf first). With an empty chain it presents a raw public key.
 */
public record HeadEndIdentity(PrivateKey privateKey, PublicKey publicKey, List<X509Certificate> chain) {
    public HeadEndIdentity {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
        chain = List.copyOf(chain);
    }

    /** A raw-public-key identity. */
    public static HeadEndIdentity rpk(KeyPair pair) {
        return new HeadEndIdentity(pair.getPrivate(), pair.getPublic(), List.of());
    }

    /** An X.509 identity: the key and the certificate chain for it. */
    public static HeadEndIdentity x509(PrivateKey key, List<X509Certificate> chain) {
        return new HeadEndIdentity(key, chain.get(0).getPublicKey(), chain);
    }

    /**
     * Reads the key (PKCS#8 PEM with its public key, mode 0600) and, when {@code certFile} is not
     * null, the certificate chain for it.
     */
    public static HeadEndIdentity load(Path keyFile, Path certFile) throws IOException, GeneralSecurityException {
        String problem = KeyFiles.permissionProblem(keyFile);
        if (problem != null) {
            throw new GeneralSecurityException("--key " + keyFile + " " + problem);
        }
        List<byte[]> keys = Pem.all(Files.readString(keyFile), Pem.PRIVATE_KEY);
        if (keys.size() != 1) {
            throw new GeneralSecurityException("--key " + keyFile + ": expected one PEM 'PRIVATE KEY' block");
        }
        KeyPair pair;
        try {
            pair = EcKeys.keyPair(keys.get(0));
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException("--key " + keyFile + ": " + e.getMessage(), e);
        }
        if (certFile == null) {
            return rpk(pair);
        }
        List<X509Certificate> chain = certificates(certFile);
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("--cert " + certFile + ": no PEM 'CERTIFICATE' block");
        }
        if (!chain.get(0).getPublicKey().equals(pair.getPublic())) {
            throw new GeneralSecurityException("--cert " + certFile + ": the first certificate is not for --key "
                    + keyFile);
        }
        return x509(pair.getPrivate(), chain);
    }

    /** Certificates in a PEM file, in order. */
    public static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certs = new ArrayList<>();
        for (byte[] der : Pem.all(Files.readString(file), Pem.CERTIFICATE)) {
            certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
        }
        return certs;
    }

    public boolean isX509() {
        return !chain.isEmpty();
    }

    /** What a node must trust: this public key (rpk), or the top certificate of the chain (x509). */
    public TrustAnchor trustAnchor() {
        return isX509() ? new TrustAnchor.Authorities(List.of(chain.get(chain.size() - 1)))
                : new TrustAnchor.Key(publicKey);
    }

    @Override
    public String toString() {
        return isX509() ? "X.509 " + chain.get(0).getSubjectX500Principal().getName()
                : "RPK " + new TrustAnchor.Key(publicKey);
    }
}
