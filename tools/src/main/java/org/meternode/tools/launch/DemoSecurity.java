package org.meternode.tools.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.meternode.app.security.EcKeys;
import org.meternode.app.security.Pem;
import org.meternode.tools.headend.HeadEndIdentity;
import org.meternode.tools.headend.HeadEndOptions;
import org.meternode.tools.headend.RpkEntry;
import org.meternode.tools.provision.CertificateAuthority;
import org.meternode.tools.provision.Csr;
import org.meternode.tools.provision.NodeKeys;

/**
 * Credentials for a demo node and its head-end in one of the three modes, made with the same
 * provisioning code as {@code meterctl keys/ca}: psk (a fresh key), rpk (P-256 key pairs, the
 * server key pinned) or x509 (a demo CA signing the node's CSR and the head-end's certificate).
 */
public record DemoSecurity(String mode, String securityYaml, HeadEndIdentity identity, List<RpkEntry> rpks,
        List<X509Certificate> nodeCas) {

    /** Makes the node's keys in {@code nodeDir} (and a CA under {@code caDir} for x509). */
    public static DemoSecurity prepare(String mode, Path nodeDir, Path caDir, String endpoint)
            throws IOException, GeneralSecurityException {
        Files.createDirectories(nodeDir);
        return switch (mode) {
            case "psk" -> new DemoSecurity(mode, null, null, List.of(), List.of());
            case "rpk" -> {
                NodeKeys.Written keys = NodeKeys.init(nodeDir, endpoint);
                HeadEndIdentity id = HeadEndIdentity.rpk(EcKeys.generate());
                Files.writeString(nodeDir.resolve("server.pub"), Pem.encode(Pem.PUBLIC_KEY, id.publicKey().getEncoded()));
                yield new DemoSecurity(mode, """
                        mode: rpk
                        private-key-file: node.key
                        server-public-key-file: server.pub
                        """, id, List.of(RpkEntry.parse(keys.rpkLine())), List.of());
            }
            case "x509" -> {
                CertificateAuthority ca = CertificateAuthority.create(caDir, "meternode demo CA", Duration.ofDays(30));
                NodeKeys.init(nodeDir, endpoint);
                X509Certificate nodeCert = ca.sign(Csr.fromPem(Files.readString(nodeDir.resolve(NodeKeys.CSR_FILE))),
                        Duration.ofDays(30), List.of());
                Files.writeString(nodeDir.resolve("node.crt"), Pem.encode(Pem.CERTIFICATE, nodeCert.getEncoded()));
                Files.writeString(nodeDir.resolve("ca.crt"), Pem.encode(Pem.CERTIFICATE, ca.certificate().getEncoded()));
                KeyPair headEnd = EcKeys.generate();
                X509Certificate serverCert = ca.sign(Csr.create("localhost", headEnd), Duration.ofDays(30),
                        List.of("localhost", "127.0.0.1"));
                yield new DemoSecurity(mode, """
                        mode: x509
                        private-key-file: node.key
                        certificate-file: node.crt
                        ca-file: ca.crt
                        server-name: localhost
                        """, HeadEndIdentity.x509(headEnd.getPrivate(), List.of(serverCert)), List.of(),
                        List.of(ca.certificate()));
            }
            default -> throw new IllegalArgumentException("--security: expected psk, rpk or x509, got '" + mode + "'");
        };
    }

    /** The head-end options that accept this node and present the right identity. */
    public HeadEndOptions applyTo(HeadEndOptions options) {
        HeadEndOptions o = options;
        if (identity != null) {
            o = o.withIdentity(identity);
        }
        if (!rpks.isEmpty()) {
            o = o.withRpks(rpks);
        }
        if (!nodeCas.isEmpty()) {
            o = o.withNodeCas(nodeCas);
        }
        return o;
    }
}
