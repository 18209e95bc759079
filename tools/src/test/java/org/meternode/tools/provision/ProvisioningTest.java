package org.meternode.tools.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.security.Pem;
import org.meternode.tools.cli.Meterctl;
import org.meternode.tools.headend.HeadEndIdentity;
import picocli.CommandLine;

/** meterctl keys/ca/psk: files, permissions, subjects, chains, and that no secret is printed. */
class ProvisioningTest {
    @TempDir
    Path dir;

    @Test
    void keys_init_writes_a_0600_key_never_printed_and_a_csr_with_cn_endpoint() throws Exception {
        Run run = meterctl("keys", "init", "--dir", dir.resolve("node").toString(), "--endpoint", "meter-0042");

        assertThat(run.code).isZero();
        Path key = dir.resolve("node/node.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        String keyBase64 = Base64.getEncoder().encodeToString(Pem.all(Files.readString(key), Pem.PRIVATE_KEY).get(0));
        assertThat(run.out + run.err).doesNotContain(keyBase64.substring(20, 60)).doesNotContain("PRIVATE KEY");
        Csr csr = Csr.fromPem(Files.readString(dir.resolve("node/node.csr")));
        assertThat(csr.commonName()).isEqualTo("meter-0042");
        String pub = Base64.getEncoder().encodeToString(csr.publicKey().getEncoded());
        assertThat(run.out).contains("meter-0042:" + pub);
        assertThat(Pem.all(Files.readString(dir.resolve("node/node.pub")), Pem.PUBLIC_KEY).get(0))
                .isEqualTo(csr.publicKey().getEncoded());
    }

    @Test
    void keys_init_refuses_to_replace_a_key() throws Exception {
        NodeKeys.init(dir, "meter-1");
        String before = Files.readString(dir.resolve("node.key"));

        Run run = meterctl("keys", "init", "--dir", dir.toString(), "--endpoint", "meter-1");

        assertThat(run.code).isEqualTo(2);
        assertThat(run.err).contains("refusing to replace");
        assertThat(Files.readString(dir.resolve("node.key"))).isEqualTo(before);
    }

    @Test
    void ca_init_makes_a_0600_key_and_a_self_signed_ca_certificate() throws Exception {
        Run run = meterctl("ca", "init", "--dir", dir.resolve("ca").toString(), "--name", "Test CA", "--days", "30");

        assertThat(run.code).as(run.err).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca/ca.key"))))
                .isEqualTo("rw-------");
        X509Certificate ca = HeadEndIdentity.certificates(dir.resolve("ca/ca.crt")).get(0);
        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=Test CA");
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        ca.verify(ca.getPublicKey());
        assertThat(Duration.between(Instant.now(), ca.getNotAfter().toInstant()).toDays()).isBetween(29L, 30L);
        assertThat(run.out).doesNotContain("PRIVATE");
    }

    @Test
    void ca_sign_issues_a_node_certificate_whose_chain_verifies_to_the_ca() throws Exception {
        CertificateAuthority.create(dir.resolve("ca"), "Test CA", Duration.ofDays(365));
        NodeKeys.init(dir.resolve("node"), "meter-7");

        Run run = meterctl("ca", "sign", "--ca", dir.resolve("ca").toString(), dir.resolve("node/node.csr").toString(),
                "--days", "10");

        assertThat(run.code).as(run.err).isZero();
        X509Certificate node = HeadEndIdentity.certificates(dir.resolve("node/node.crt")).get(0);
        X509Certificate ca = HeadEndIdentity.certificates(dir.resolve("ca/ca.crt")).get(0);
        assertThat(node.getSubjectX500Principal().getName()).isEqualTo("CN=meter-7");
        assertThat(node.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(node.getBasicConstraints()).isEqualTo(-1);
        assertThat(Duration.between(Instant.now(), node.getNotAfter().toInstant()).toDays()).isBetween(9L, 10L);
        pkixValidate(node, ca);
        HeadEndIdentity identity = HeadEndIdentity.load(dir.resolve("node/node.key"), dir.resolve("node/node.crt"));
        assertThat(identity.publicKey()).isEqualTo(node.getPublicKey());
    }

    @Test
    void ca_sign_with_server_names_issues_a_server_certificate_with_subject_alt_names() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(dir.resolve("ca"), "Test CA", Duration.ofDays(365));
        NodeKeys.init(dir.resolve("he"), "head-end.example");

        Run run = meterctl("ca", "sign", "--ca", dir.resolve("ca").toString(), dir.resolve("he/node.csr").toString(),
                "--server-name", "head-end.example", "--server-name", "127.0.0.1", "--out",
                dir.resolve("he/server.crt").toString());

        assertThat(run.code).as(run.err).isZero();
        X509Certificate server = HeadEndIdentity.certificates(dir.resolve("he/server.crt")).get(0);
        assertThat(server.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList())
                .containsExactly("head-end.example", "127.0.0.1");
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        pkixValidate(server, ca.certificate());
    }

    @Test
    void ca_refuses_a_node_csr_whose_cn_is_not_an_endpoint_name() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(dir.resolve("ca"), "Test CA", Duration.ofDays(365));
        Csr csr = Csr.create("not an endpoint!", org.meternode.app.security.EcKeys.generate());

        assertThatThrownBy(() -> ca.sign(csr, Duration.ofDays(1), List.of())).hasMessageContaining("endpoint name");
    }

    @Test
    void ca_sign_refuses_a_tampered_csr() throws Exception {
        CertificateAuthority.create(dir.resolve("ca"), "Test CA", Duration.ofDays(365));
        NodeKeys.init(dir.resolve("node"), "meter-7");
        byte[] der = Pem.all(Files.readString(dir.resolve("node/node.csr")), Pem.CERTIFICATE_REQUEST).get(0);
        der[der.length - 5] ^= 1;
        Files.writeString(dir.resolve("bad.csr"), Pem.encode(Pem.CERTIFICATE_REQUEST, der));

        Run run = meterctl("ca", "sign", "--ca", dir.resolve("ca").toString(), dir.resolve("bad.csr").toString());

        assertThat(run.code).isEqualTo(2);
        assertThat(run.err).contains("error:");
        assertThat(dir.resolve("bad.crt")).doesNotExist();
    }

    @Test
    void ca_key_readable_by_others_is_refused() throws Exception {
        CertificateAuthority.create(dir.resolve("ca"), "Test CA", Duration.ofDays(365));
        Files.setPosixFilePermissions(dir.resolve("ca/ca.key"), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> CertificateAuthority.load(dir.resolve("ca")))
                .hasMessageContaining(dir.resolve("ca/ca.key").toString()).hasMessageContaining("0644");
    }

    @Test
    void psk_new_prints_the_head_end_line_or_writes_0600_files_without_printing_the_key() throws Exception {
        Run printed = meterctl("psk", "new", "--endpoint", "meter-9");
        assertThat(printed.out.strip()).matches("meter-9:meter-9:[0-9a-f]{32}");

        Run written = meterctl("psk", "new", "--endpoint", "meter-9", "--identity", "id-9", "--out", dir.toString());

        assertThat(written.code).isZero();
        String key = Files.readString(dir.resolve("psk.key")).strip();
        assertThat(key).matches("[0-9a-f]{32}");
        assertThat(Files.readString(dir.resolve("head-end.psk")).strip()).isEqualTo("meter-9:id-9:" + key);
        assertThat(written.out).doesNotContain(key);
        for (String f : new String[] {"psk.key", "head-end.psk"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))))
                    .isEqualTo("rw-------");
        }
        assertThat(HexFormat.of().parseHex(key)).hasSize(16);
    }

    @Test
    void full_x509_provisioning_flow_ends_in_a_config_whose_credentials_load() throws Exception {
        Path node = dir.resolve("node");
        assertThat(meterctl("keys", "init", "--dir", node.toString(), "--endpoint", "meter-5").code).isZero();
        assertThat(meterctl("ca", "init", "--dir", dir.resolve("ca").toString()).code).isZero();
        assertThat(meterctl("ca", "sign", "--ca", dir.resolve("ca").toString(), node.resolve("node.csr").toString())
                .code).isZero();
        Run bundle = meterctl("bundle", "create", "--endpoint", "meter-5", "--server", "coaps://head-end.example:5684",
                "--mode", "x509", "--server-ca", dir.resolve("ca/ca.crt").toString(), "--server-name",
                "head-end.example", "--node-cert", node.resolve("node.crt").toString(), "--out",
                dir.resolve("meter-5.bundle").toString());
        assertThat(bundle.code).as(bundle.err).isZero();
        assertThat(Files.readString(dir.resolve("meter-5.bundle"))).doesNotContain("PRIVATE");
        Files.delete(node.resolve("node.crt"));

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = org.meternode.app.cli.MeternodeCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("import-bundle", dir.resolve("meter-5.bundle").toString(), "--config-dir", node.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("wrote " + node.resolve("node.crt")).contains("todo: ");
        String yaml = Files.readString(node.resolve("meternode.yaml")).replace("# meternode config written by"
                + " import-bundle; add board, channels and storage.\n", "") + """
                board: sim
                channels:
                  - { id: grid, type: pulse, input: GPIO17, pulses-per-kwh: 1000 }
                storage: { path: state }
                """;
        Files.writeString(node.resolve("meternode.yaml"), yaml);
        var config = org.meternode.app.config.ConfigLoader.load(node.resolve("meternode.yaml")).config();
        var creds = (org.meternode.app.security.NodeCredentials.X509) config.server().security().credentials();
        assertThat(creds.chain().get(0).getSubjectX500Principal().getName()).isEqualTo("CN=meter-5");
        assertThat(creds.serverName()).isEqualTo("head-end.example");
    }

    private static void pkixValidate(X509Certificate leaf, X509Certificate ca) throws Exception {
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), params);
    }

    record Run(int code, String out, String err) {
    }

    static Run meterctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Meterctl.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
