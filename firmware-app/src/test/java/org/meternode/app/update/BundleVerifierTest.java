package org.meternode.app.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleVerifierTest {
    @TempDir
    Path dir;
    Bundles bundles;
    List<Path> jars;

    @BeforeEach
    void setUp() throws Exception {
        bundles = new Bundles(dir);
        jars = bundles.jars(3);
    }

    @Test
    void accepts_a_bundle_signed_with_the_trusted_key() throws Exception {
        Path b = bundles.write("ok.mnfw", "0.2.0", "sim", jars);
        VerifiedBundle v = bundles.verifier("sim", "0.1.0").verify(b);
        assertThat(v.manifest().firmwareVersion()).isEqualTo("0.2.0");
        assertThat(v.manifest().files()).extracting(BundleManifest.FileEntry::name)
                .containsExactly("lib-0.jar", "lib-1.jar", "lib-2.jar");
        assertThat(BundleManifest.parse(v.manifest().encode())).isEqualTo(v.manifest());
    }

    @Test
    void refuses_a_bundle_signed_with_another_key() throws Exception {
        Path b = bundles.write("foreign.mnfw", "0.2.0", "sim", jars,
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        assertRefused(b, UpdateResult.INTEGRITY_CHECK_FAILURE, "signature does not verify");
    }

    @Test
    void refuses_a_tampered_manifest() throws Exception {
        Path b = bundles.write("ok.mnfw", "0.2.0", "sim", jars);
        byte[] bytes = Files.readAllBytes(b);
        int at = indexOf(bytes, "firmware-version: 0.2.0".getBytes(StandardCharsets.UTF_8));
        bytes[at + "firmware-version: 0.".length()] = '9';
        Files.write(b, bytes);
        assertRefused(b, UpdateResult.INTEGRITY_CHECK_FAILURE, "signature does not verify");
    }

    @Test
    void refuses_a_tampered_payload() throws Exception {
        Path b = bundles.write("ok.mnfw", "0.2.0", "sim", jars);
        byte[] bytes = Files.readAllBytes(b);
        bytes[bytes.length - 10] ^= 1;
        Files.write(b, bytes);
        assertRefused(b, UpdateResult.INTEGRITY_CHECK_FAILURE, "lib-2.jar does not match its SHA-256");
    }

    @Test
    void refuses_another_board_an_older_or_equal_version_truncation_and_trailing_bytes() throws Exception {
        assertRefused(bundles.write("pi.mnfw", "0.2.0", "pi", jars), UpdateResult.UNSUPPORTED_PACKAGE_TYPE,
                "this node is 'sim'");
        assertRefused(bundles.write("same.mnfw", "0.1.0", "sim", jars), UpdateResult.UNSUPPORTED_PACKAGE_TYPE,
                "not newer than the running version 0.1.0");
        Path b = bundles.write("ok.mnfw", "0.2.0", "sim", jars);
        byte[] bytes = Files.readAllBytes(b);
        Files.write(b, Arrays.copyOf(bytes, bytes.length - 1));
        assertRefused(b, UpdateResult.INTEGRITY_CHECK_FAILURE, "truncated");
        Files.write(b, Arrays.copyOf(bytes, 20));
        assertRefused(b, UpdateResult.INTEGRITY_CHECK_FAILURE, "end inside the header");
        Files.write(b, Arrays.copyOf(bytes, bytes.length + 3));
        assertRefused(b, UpdateResult.INTEGRITY_CHECK_FAILURE, "3 unexpected byte(s)");
        Files.writeString(b, "PK\u0003\u0004 a zip file");
        assertRefused(b, UpdateResult.UNSUPPORTED_PACKAGE_TYPE, "not a meternode firmware bundle");
    }

    @Test
    void header_is_checked_while_a_download_arrives() throws Exception {
        Path b = bundles.write("pi.mnfw", "0.2.0", "pi", jars);
        byte[] bytes = Files.readAllBytes(b);
        try (PackageDownload d = new PackageDownload(dir.resolve("p.part"), dir.resolve("p.bundle"),
                bundles.verifier("sim", "0.1.0"))) {
            assertThatThrownBy(() -> {
                for (int i = 0; i < bytes.length; i += 512) {
                    d.append(bytes, i, Math.min(512, bytes.length - i));
                }
            }).isInstanceOfSatisfying(UpdateException.class, e -> assertThat(e.result())
                    .isEqualTo(UpdateResult.UNSUPPORTED_PACKAGE_TYPE));
            assertThat(d.bytes()).as("stopped at the first block").isLessThan(1024);
        }
        assertThat(dir.resolve("p.part")).doesNotExist();
    }

    @Test
    void versions_compare_numerically_and_releases_rank_above_pre_releases() {
        assertThat(Versions.compare("0.10.0", "0.9.9")).isPositive();
        assertThat(Versions.compare("1.0", "1.0.0")).isZero();
        assertThat(Versions.compare("1.0.0-rc1", "1.0.0")).isNegative();
        assertThat(Versions.isValid("1.0.0; rm -rf")).isFalse();
    }

    private void assertRefused(Path bundle, UpdateResult result, String message) {
        assertThatThrownBy(() -> bundles.verifier("sim", "0.1.0").verify(bundle))
                .isInstanceOfSatisfying(UpdateException.class, e -> {
                    assertThat(e.result()).isEqualTo(result);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
