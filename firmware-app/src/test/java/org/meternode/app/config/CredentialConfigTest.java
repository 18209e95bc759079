package org.meternode.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.meternode.app.config.ConfigTexts.MINIMAL;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.security.EcKeys;
import org.meternode.app.security.NodeCredentials;
import org.meternode.app.security.Pem;

/** rpk and x509 settings: which keys each mode needs, key files that must be 0600, what is read. */
class CredentialConfigTest {
    private static final String PSK_LINES = "    identity: meter-1\n    key-hex: 00112233\n";

    @TempDir
    Path dir;

    @BeforeEach
    void fixtures() throws IOException {
        for (String name : new String[] {"node.key", "node.crt", "server.pub", "ca.crt", "rsa.key"}) {
            try (InputStream in = getClass().getResourceAsStream("/security/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        ownerOnly(dir.resolve("node.key"));
        ownerOnly(dir.resolve("rsa.key"));
    }

    @Test
    void rpk_config_reads_the_key_pair_and_the_pinned_server_key() throws Exception {
        NodeConfig config = load(rpk("node.key"));

        SecurityConfig security = config.server().security();
        assertThat(security.mode()).isEqualTo("rpk");
        NodeCredentials.Rpk rpk = (NodeCredentials.Rpk) security.credentials();
        EcKeys.requireMatching(rpk.keyPair());
        assertThat(rpk.serverPublicKey().getEncoded())
                .isEqualTo(Pem.all(Files.readString(dir.resolve("server.pub")), Pem.PUBLIC_KEY).get(0));
        assertThat(rpk.toString()).doesNotContain(privateKeyBase64());
        assertThat(security.toString()).isEqualTo("SecurityConfig[mode=rpk, privateKeyFile=" + dir.resolve("node.key")
                + ", serverPublicKeyFile=" + dir.resolve("server.pub") + "]");
    }

    @Test
    void world_readable_private_key_is_refused_at_load_naming_key_and_file() throws Exception {
        Files.setPosixFilePermissions(dir.resolve("node.key"), PosixFilePermissions.fromString("rw-r--r--"));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(rpk("node.key")));

        assertThat(e.getProblems()).hasSize(1);
        ConfigProblem p = e.getProblems().get(0);
        assertThat(p.key()).isEqualTo("server.security.private-key-file");
        assertThat(p.line()).isEqualTo(15);
        assertThat(p.message()).contains(dir.resolve("node.key").toString())
                .contains("readable by group or others").contains("0644").contains("chmod 600");
        assertThat(e.getMessage()).doesNotContain(privateKeyBase64());
    }

    @Test
    void group_readable_key_that_became_so_after_load_is_refused_when_read() throws Exception {
        NodeConfig config = load(rpk("node.key"));
        Files.setPosixFilePermissions(dir.resolve("node.key"), PosixFilePermissions.fromString("rw-r-----"));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> config.server().security().credentials());

        assertThat(e.getProblems().get(0).key()).isEqualTo("server.security.private-key-file");
        assertThat(e.getMessage()).startsWith(dir.resolve("node.key") + ": server.security.private-key-file: the private key file is readable by group or others (mode rw-r----- = 0640)");
    }

    @Test
    void world_readable_psk_file_is_refused_too() throws Exception {
        Files.writeString(dir.resolve("psk.key"), "00112233\n");
        String yaml = MINIMAL.replace("    key-hex: 00112233\n", "    key-file: psk.key\n");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(yaml, "meternode.yaml", dir));

        assertThat(e.getProblems()).extracting(ConfigProblem::key).containsExactly("server.security.key-file");
        assertThat(e.getMessage()).contains(dir.resolve("psk.key").toString()).contains("0644");
    }

    @Test
    void rsa_key_is_refused_as_not_p256() throws Exception {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> load(rpk("rsa.key")).server().security().credentials());

        assertThat(e.getMessage()).contains("server.security.private-key-file").contains("rsa.key")
                .contains("unusable private key");
    }

    @Test
    void private_key_without_its_public_half_says_how_to_write_one() throws Exception {
        KeyPair pair = EcKeys.generate();
        Path bare = dir.resolve("bare.key");
        Files.writeString(bare, Pem.encode(Pem.PRIVATE_KEY, pair.getPrivate().getEncoded()));
        ownerOnly(bare);

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> load(rpk("bare.key")).server().security().credentials());

        assertThat(e.getMessage()).contains("holds no public key");
    }

    @Test
    void pkcs8_with_public_key_round_trips() throws Exception {
        KeyPair pair = EcKeys.generate();

        KeyPair back = EcKeys.keyPair(EcKeys.pkcs8WithPublicKey(pair));

        assertThat(back.getPublic().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        assertThat(((ECPrivateKey) back.getPrivate()).getS()).isEqualTo(((ECPrivateKey) pair.getPrivate()).getS());
    }

    @Test
    void x509_config_reads_key_certificate_cas_and_server_name() throws Exception {
        NodeCredentials.X509 x509 = (NodeCredentials.X509) load(x509("node.crt")).server().security().credentials();

        assertThat(x509.chain().get(0).getSubjectX500Principal().getName()).isEqualTo("CN=meter-1");
        assertThat(x509.trustedCas()).hasSize(1);
        assertThat(x509.serverName()).isEqualTo("head-end.example");
        assertThat(x509.toString()).isEqualTo("X509[subject CN=meter-1, server name head-end.example, 1 CA(s)]");
    }

    @Test
    void x509_certificate_for_another_key_is_refused() throws Exception {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> load(x509("ca.crt")).server().security().credentials());

        assertThat(e.getProblems().get(0).key()).isEqualTo("server.security.certificate-file");
        assertThat(e.getMessage()).contains("the first certificate is not for the key in " + dir.resolve("node.key"));
    }

    @Test
    void x509_mode_needs_ca_and_server_name() {
        String yaml = MINIMAL.replace(PSK_LINES, """
                    mode: x509
                    private-key-file: node.key
                    certificate-file: node.crt
                """);

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(yaml, "meternode.yaml", dir));

        assertThat(e.getProblems()).extracting(ConfigProblem::key)
                .containsExactly("server.security.ca-file", "server.security.server-name");
    }

    @Test
    void missing_server_key_file_is_named() throws Exception {
        Files.delete(dir.resolve("server.pub"));

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> load(rpk("node.key")).server().security().credentials());

        assertThat(e.getMessage()).isEqualTo(dir.resolve("server.pub")
                + ": server.security.server-public-key-file: the server public key file does not exist");
    }

    @Test
    void bootstrap_is_read_and_refused_over_plain_coap() throws Exception {
        NodeConfig config = load(MINIMAL.replace("storage:", "  bootstrap: true\nstorage:"));
        assertThat(config.server().bootstrap()).isTrue();

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(MINIMAL
                .replace("coaps://127.0.0.1:5684", "coap://127.0.0.1:5683")
                .replace("storage:", "  insecure: true\n  bootstrap: true\nstorage:")));

        assertThat(e.getProblems()).extracting(ConfigProblem::key).containsExactly("server.bootstrap");
        assertThat(e.getMessage()).contains("only over coaps://");
    }

    private NodeConfig load(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "meternode.yaml", dir).config();
    }

    private static String rpk(String keyFile) {
        return MINIMAL.replace(PSK_LINES, """
                    mode: rpk
                    private-key-file: %s
                    server-public-key-file: server.pub
                """.formatted(keyFile));
    }

    private static String x509(String certFile) {
        return MINIMAL.replace(PSK_LINES, """
                    mode: x509
                    private-key-file: node.key
                    certificate-file: %s
                    ca-file: ca.crt
                    server-name: head-end.example
                """.formatted(certFile));
    }

    private String privateKeyBase64() throws IOException {
        byte[] der = Pem.all(Files.readString(dir.resolve("node.key")), Pem.PRIVATE_KEY).get(0);
        return Base64.getEncoder().encodeToString(der).substring(20, 60);
    }

    private static void ownerOnly(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
