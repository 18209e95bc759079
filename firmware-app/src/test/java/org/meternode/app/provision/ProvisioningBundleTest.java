package org.meternode.app.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.config.ConfigLoader;
import org.meternode.app.config.NodeConfig;
import org.meternode.app.security.NodeCredentials;
import org.meternode.app.security.TrustAnchor;

/** Bundles survive format/parse, and importing one yields a config that loads with its credentials. */
class ProvisioningBundleTest {
    private static final URI SERVER = URI.create("coaps://head-end.example:5684");

    @TempDir
    Path dir;

    @Test
    void each_mode_round_trips_through_its_text() throws Exception {
        for (ProvisioningBundle b : new ProvisioningBundle[] {psk(), rpk(), x509()}) {
            ProvisioningBundle back = ProvisioningBundle.parse(b.format());

            assertThat(back.endpoint()).isEqualTo(b.endpoint());
            assertThat(back.serverUri()).isEqualTo(b.serverUri());
            assertThat(back.mode()).isEqualTo(b.mode());
            assertThat(back.pskIdentity()).isEqualTo(b.pskIdentity());
            assertThat(back.serverName()).isEqualTo(b.serverName());
            assertThat(back.nodeCertificate()).isEqualTo(b.nodeCertificate());
            if (b.serverTrust() != null) {
                assertThat(back.serverTrust().encoded()).isEqualTo(b.serverTrust().encoded());
            }
            assertThat(back.format()).isEqualTo(b.format());
        }
    }

    @Test
    void bad_bundles_name_the_property() {
        assertThatThrownBy(() -> ProvisioningBundle.parse("endpoint=x\n")).hasMessageStartingWith("meternode.bundle:");
        assertThatThrownBy(() -> ProvisioningBundle.parse("meternode.bundle=1\nendpoint=m-1\nserver.uri=coap://h:1\n"))
                .hasMessage("server.uri: must be coaps://host:port");
        assertThatThrownBy(() -> ProvisioningBundle.parse(
                "meternode.bundle=1\nendpoint=m-1\nserver.uri=coaps://h:1\nsecurity.mode=rpk\nserver.public-key=AAAA\n"))
                .hasMessageStartingWith("server.public-key: not a P-256 public key");
    }

    @Test
    void import_into_an_existing_config_replaces_only_uri_and_security() throws Exception {
        fixture("node.key", dir.resolve("node.key"));
        Files.setPosixFilePermissions(dir.resolve("node.key"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("meternode.yaml"), """
                # my node
                node:
                  endpoint: meter-1
                board: sim
                channels:
                  - { id: grid, type: pulse, input: GPIO17, pulses-per-kwh: 1000 }
                server:
                  uri: coaps://old.example:5684
                  lifetime: 1h
                  security:
                    identity: meter-1
                    key-hex: 00112233
                  queue-mode: true
                storage:
                  path: state
                """);

        BundleImport.Result result = BundleImport.apply(rpk(), dir);

        assertThat(result.notes()).isEmpty();
        assertThat(Files.readString(dir.resolve("server.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");
        NodeConfig config = ConfigLoader.load(dir.resolve("meternode.yaml")).config();
        assertThat(config.server().uri()).isEqualTo(SERVER);
        assertThat(config.server().lifetime()).hasHours(1);
        assertThat(config.server().queueMode()).isTrue();
        assertThat(config.channels()).hasSize(1);
        NodeCredentials.Rpk creds = (NodeCredentials.Rpk) config.server().security().credentials();
        assertThat(creds.serverPublicKey().getEncoded()).isEqualTo(rpk().serverTrust().encoded());
        assertThat(Files.readString(dir.resolve("meternode.yaml"))).doesNotContain("key-hex").startsWith("# my node\n");
    }

    @Test
    void import_for_another_endpoint_changes_nothing() throws Exception {
        Files.writeString(dir.resolve("meternode.yaml"), "node: { endpoint: meter-2 }\n");

        assertThatThrownBy(() -> BundleImport.apply(rpk(), dir)).hasMessageContaining("'meter-2'")
                .hasMessageContaining("'meter-1'");
        assertThat(dir.resolve("server.pub")).doesNotExist();
    }

    @Test
    void the_packaged_config_is_valid_and_takes_a_bundle_for_any_endpoint() throws Exception {
        Path packaged = Path.of("../packaging/deb/src/deb/etc/meternode.yaml");
        NodeConfig shipped = ConfigLoader.load(packaged).config();
        assertThat(shipped.endpoint()).isEqualTo(BundleImport.UNPROVISIONED);
        Files.copy(packaged, dir.resolve("meternode.yaml"));
        fixture("node.key", dir.resolve("node.key"));
        Files.setPosixFilePermissions(dir.resolve("node.key"), PosixFilePermissions.fromString("rw-------"));

        BundleImport.apply(rpk(), dir);

        NodeConfig config = ConfigLoader.load(dir.resolve("meternode.yaml")).config();
        assertThat(config.endpoint()).isEqualTo("meter-1");
        assertThat(config.server().uri()).isEqualTo(SERVER);
        assertThat(config.server().queueMode()).isTrue();
        assertThat(config.channels()).extracting(org.meternode.app.config.ChannelConfig::id).containsExactly("grid");
        assertThat(Files.readString(dir.resolve("meternode.yaml"))).contains("# The meters wired to this node");
    }

    @Test
    void import_without_a_config_writes_node_and_server_and_says_what_is_missing() throws Exception {
        BundleImport.Result result = BundleImport.apply(x509(), dir);

        assertThat(Files.readString(dir.resolve("meternode.yaml"))).contains("endpoint: meter-1")
                .contains("mode: x509").contains("server-name: head-end.example");
        assertThat(dir.resolve("ca.crt")).exists();
        assertThat(dir.resolve("node.crt")).exists();
        assertThat(result.notes()).anyMatch(n -> n.contains("node.key is missing") && n.contains("keys init"))
                .anyMatch(n -> n.contains("add board, channels and storage"));
    }

    private ProvisioningBundle psk() {
        return new ProvisioningBundle("meter-1", SERVER, "psk", "meter-1-id", null, null, null);
    }

    private ProvisioningBundle rpk() throws Exception {
        return new ProvisioningBundle("meter-1", SERVER, "rpk", null,
                TrustAnchor.fromPem("rpk", resource("server.pub")), null, null);
    }

    private ProvisioningBundle x509() throws Exception {
        TrustAnchor.Authorities ca = (TrustAnchor.Authorities) TrustAnchor.fromPem("x509", resource("ca.crt"));
        TrustAnchor.Authorities node = (TrustAnchor.Authorities) TrustAnchor.fromPem("x509", resource("node.crt"));
        return new ProvisioningBundle("meter-1", SERVER, "x509", null, ca, "head-end.example",
                node.certificates().get(0));
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = ProvisioningBundleTest.class.getResourceAsStream("/security/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    private static void fixture(String name, Path to) throws Exception {
        try (InputStream in = ProvisioningBundleTest.class.getResourceAsStream("/security/" + name)) {
            Files.copy(in, to);
        }
    }
}
