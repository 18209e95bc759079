package org.meternode.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.meternode.app.config.ConfigTexts.minimalWith;
import static org.meternode.app.config.ConfigTexts.parse;
import static org.meternode.app.config.ConfigTexts.problem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PSK is read late, and never appears in a toString or a message. */
class SecurityConfigTest {
    private static final String SECRET_HEX = "5ec7e75ec7e75ec7e75ec7e75ec7e75e";

    @Test
    void inline_key_decodes_and_stays_out_of_every_toString() throws Exception {
        NodeConfig config = parse(minimalWith("key-hex: 00112233", "key-hex: " + SECRET_HEX)).config();

        assertThat(config.server().security().pskKey()).hasSize(16).startsWith(0x5e, 0xc7, 0xe7);
        assertThat(config.server().security().toString()).doesNotContain(SECRET_HEX).contains("keyHex=(hidden)");
        assertThat(config.server().toString()).doesNotContain(SECRET_HEX);
        assertThat(config.toString()).doesNotContain(SECRET_HEX);
    }

    @Test
    void bad_inline_key_is_reported_without_quoting_it() {
        String oddLength = SECRET_HEX + "5";

        ConfigProblem p = problem(minimalWith("key-hex: 00112233", "key-hex: " + oddLength));

        assertThat(p.line()).isEqualTo(15);
        assertThat(p.key()).isEqualTo("server.security.key-hex");
        assertThat(p.message()).isEqualTo("the PSK must have an even number of hex digits (has 33)")
                .doesNotContain(SECRET_HEX);
    }

    @Test
    void non_hex_inline_key_is_reported_without_quoting_it() {
        ConfigProblem p = problem(minimalWith("key-hex: 00112233", "key-hex: hunter2hunter2"));

        assertThat(p.toString()).doesNotContain("hunter2").endsWith("the PSK must be hex digits 0-9 a-f (character 1 is not)");
    }

    @Test
    void missing_key_file_fails_at_psk_key_naming_key_and_file(@TempDir Path dir) throws Exception {
        NodeConfig config = ConfigLoader.parse(
                minimalWith("key-hex: 00112233", "key-file: keys/psk.key"), "meternode.yaml", dir).config();
        Path keyFile = dir.resolve("keys/psk.key");
        assertThat(config.server().security().keyFile()).isEqualTo(keyFile);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> config.server().security().pskKey());

        assertThat(e.getProblems()).containsExactly(new ConfigProblem(keyFile.toString(), 0, 0,
                "server.security.key-file", "the PSK file does not exist"));
        assertThat(e.getMessage()).isEqualTo(keyFile + ": server.security.key-file: the PSK file does not exist");
    }

    @Test
    void key_file_with_garbage_is_reported_without_its_content(@TempDir Path dir) throws Exception {
        Path keyFile = Files.writeString(dir.resolve("psk.key"), "correct horse battery staple\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        SecurityConfig security = new SecurityConfig("psk", "meter-1", keyFile, null);

        ConfigException e = catchThrowableOfType(ConfigException.class, security::pskKey);

        assertThat(e.getMessage()).contains("server.security.key-file").contains(keyFile.toString())
                .contains("must be hex digits").doesNotContain("horse").doesNotContain("staple");
        assertThat(security.toString()).isEqualTo("SecurityConfig[mode=psk, identity=meter-1, keyFile=" + keyFile + "]");
    }

    @Test
    void key_file_may_hold_spaced_hex_with_a_newline(@TempDir Path dir) throws Exception {
        Path keyFile = Files.writeString(dir.resolve("psk.key"), "DE AD be ef\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));

        assertThat(new SecurityConfig("psk", "meter-1", keyFile, null).pskKey()).containsExactly(0xde, 0xad, 0xbe, 0xef);
    }
}
