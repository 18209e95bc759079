package org.meternode.tools.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.update.BundleVerifier;
import org.meternode.app.update.PemKeys;
import org.meternode.app.update.VerifiedBundle;
import org.meternode.tools.cli.Meterctl;

/** meterctl signs with Bouncy Castle; the node verifies with the JDK: the two must agree. */
class UpdateSigningTest {
    @TempDir
    Path dir;

    @Test
    void keygen_sign_and_node_side_verify_agree() throws Exception {
        assertThat(Meterctl.commandLine().execute("update", "keygen", "--out", dir.resolve("keys").toString())).isZero();
        Path priv = dir.resolve("keys/" + Ed25519Keys.PRIVATE_FILE);
        Path pub = dir.resolve("keys/" + Ed25519Keys.PUBLIC_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv))).isEqualTo("rw-------");
        assertThat(Ed25519Keys.publicPemOf(Ed25519Keys.readPrivate(priv))).isEqualTo(Files.readString(pub));

        Path jars = Files.createDirectories(dir.resolve("slot/lib"));
        Files.write(jars.resolve("a.jar"), new byte[] {1, 2, 3});
        Files.write(jars.resolve("b.jar"), new byte[] {4, 5});
        Path app = dir.resolve("slot/meternode-firmware-app-9.jar");
        Files.write(app, new byte[] {9});
        Path out = dir.resolve("fw.mnfw");
        assertThat(Meterctl.commandLine().execute("update", "sign", "--key", priv.toString(), "--version", "0.2.0",
                "--board", "sim,pi", "--out", out.toString(), app.toString(), jars.toString())).isZero();

        VerifiedBundle v = new BundleVerifier(PemKeys.readPublicKey(pub), "pi", "0.1.0").verify(out);
        assertThat(v.manifest().boards()).containsExactly("sim", "pi");
        assertThat(v.manifest().files()).extracting(f -> f.name())
                .containsExactly("meternode-firmware-app-9.jar", "a.jar", "b.jar");
        assertThat(Meterctl.commandLine().execute("update", "inspect", out.toString())).isZero();
        assertThat(Meterctl.commandLine().execute("update", "keygen", "--out", dir.resolve("keys").toString()))
                .as("never overwrites a signing key").isEqualTo(2);
    }

    @Test
    void a_delta_bundle_carries_only_changed_jars() throws Exception {
        Ed25519Keys.Written keys = Ed25519Keys.generate(dir.resolve("k"));
        Path a = Files.write(dir.resolve("a.jar"), new byte[] {1});
        Path b = Files.write(dir.resolve("b.jar"), new byte[] {2, 2});
        var m = BundleSigner.sign(Ed25519Keys.readPrivate(keys.privateKey()), "0.3.0", List.of("sim"), List.of(a, b),
                List.of(b), dir.resolve("d.mnfw"));
        assertThat(m.carriedFiles()).extracting(f -> f.name()).containsExactly("a.jar");
        assertThat(m.payloadSize()).isEqualTo(1);
    }
}
