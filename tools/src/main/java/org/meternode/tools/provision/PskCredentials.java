package org.meternode.tools.provision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.meternode.app.security.KeyFiles;

/**
 * A new pre-shared key: 128 random bits from the platform's strong source, shown as hex. The
 * head-end line is {@code endpoint:identity:hexkey} (meterctl head-end --psk / --psk-file).
 */
public record PskCredentials(String endpoint, String identity, byte[] key) {
    /** The node's key file. */
    public static final String KEY_FILE = "psk.key";
    /** The head-end's line for this node, in a file of its own. */
    public static final String HEAD_END_FILE = "head-end.psk";

    public PskCredentials {
        key = key.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    public static PskCredentials generate(String endpoint, String identity) {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        return new PskCredentials(endpoint, identity, key);
    }

    /** {@code endpoint:identity:hexkey}: contains the secret. */
    public String headEndLine() {
        return endpoint + ":" + identity + ":" + HexFormat.of().formatHex(key);
    }

    /** Writes {@code psk.key} (node) and {@code head-end.psk} (head-end), both 0600, into {@code dir}. */
    public void write(Path dir) throws IOException {
        KeyFiles.writeSecret(dir.resolve(KEY_FILE), (HexFormat.of().formatHex(key) + "\n")
                .getBytes(StandardCharsets.US_ASCII), false);
        KeyFiles.writeSecret(dir.resolve(HEAD_END_FILE), (headEndLine() + "\n").getBytes(StandardCharsets.US_ASCII),
                false);
    }

    @Override
    public String toString() {
        return "PskCredentials[endpoint=" + endpoint + ", identity=" + identity + ", key=(hidden)]";
    }
}
