package org.meternode.rig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.meternode.app.security.EcKeys;
import org.meternode.app.security.KeyFiles;
import org.meternode.app.security.Pem;
import org.meternode.tools.headend.HeadEndIdentity;
import org.meternode.tools.provision.CertificateAuthority;
import org.meternode.tools.provision.Csr;
import org.meternode.tools.provision.NodeKeys;

/** Keys and certificates for the security tests, made with the provisioning code meterctl uses. */
final class Pki {
    private Pki() {
    }

    static CertificateAuthority ca(Path dir, String name) throws IOException, GeneralSecurityException {
        return CertificateAuthority.create(dir, name, Duration.ofDays(30));
    }

    /** A head-end identity: a key pair, and with a CA a certificate for "localhost" and 127.0.0.1. */
    static HeadEndIdentity headEnd(CertificateAuthority ca) throws GeneralSecurityException {
        KeyPair pair = EcKeys.generate();
        if (ca == null) {
            return HeadEndIdentity.rpk(pair);
        }
        X509Certificate cert = ca.sign(Csr.create("localhost", pair), Duration.ofDays(30),
                List.of("localhost", "127.0.0.1"));
        return HeadEndIdentity.x509(pair.getPrivate(), List.of(cert));
    }

    /** Writes node.key/node.pub/node.csr into {@code nodeDir} (meterctl keys init). */
    static NodeKeys.Written nodeKeys(Path nodeDir, String endpoint) throws IOException, GeneralSecurityException {
        return NodeKeys.init(nodeDir, endpoint);
    }

    /** Signs the node's CSR into {@code nodeDir/node.crt} with the given validity. */
    static X509Certificate nodeCert(CertificateAuthority ca, Path nodeDir, Instant from, Instant to)
            throws IOException, GeneralSecurityException {
        X509Certificate cert = ca.sign(Csr.fromPem(Files.readString(nodeDir.resolve(NodeKeys.CSR_FILE))), from, to,
                List.of());
        Files.writeString(nodeDir.resolve("node.crt"), Pem.encode(Pem.CERTIFICATE, cert.getEncoded()));
        return cert;
    }

    static void writePublicKey(Path file, HeadEndIdentity id) throws IOException {
        Files.writeString(file, Pem.encode(Pem.PUBLIC_KEY, id.publicKey().getEncoded()));
    }

    static void writeCertificate(Path file, X509Certificate cert) throws IOException, GeneralSecurityException {
        Files.writeString(file, Pem.encode(Pem.CERTIFICATE, cert.getEncoded()));
    }

    /** Writes a head-end key file (0600) as meterctl head-end --key reads it. */
    static void writeKey(Path file, KeyPair pair) throws IOException, GeneralSecurityException {
        KeyFiles.writeSecret(file, Pem.encode(Pem.PRIVATE_KEY, EcKeys.pkcs8WithPublicKey(pair))
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII), true);
    }
}
