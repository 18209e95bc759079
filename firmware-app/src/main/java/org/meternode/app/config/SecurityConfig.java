package org.meternode.app.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Objects;

/**
 * DTLS credentials for the server. Only PSK is supported so far. The key itself is read only when
 * the DTLS layer asks for it ({@link #pskKey()}), and no method of this type ever prints it.
 *
 * @param mode     {@code psk}
 * @param identity PSK identity sent in the handshake
 * @param keyFile  file holding the key as hex text; null when {@code keyHex} is set
 * @param keyHex   the key inline as hex (tests and demos); null when {@code keyFile} is set
 */
public record SecurityConfig(String mode, String identity, Path keyFile, String keyHex) {
    static final String KEY_FILE = "server.security.key-file";
    static final String KEY_HEX = "server.security.key-hex";
    private static final long MAX_KEY_FILE_BYTES = 4096;

    public SecurityConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(identity, "identity");
        if ((keyFile == null) == (keyHex == null)) {
            throw new IllegalArgumentException("give exactly one of keyFile and keyHex");
        }
    }

    /**
     * The pre-shared key bytes, from {@code keyHex} or read from {@code keyFile} now.
     *
     * @throws ConfigException naming the key and the file (never the key's content) when the file
     *                         is missing, unreadable or not hex text
     */
    public byte[] pskKey() throws ConfigException {
        if (keyHex != null) {
            return decodeOrThrow(keyHex, "(inline)", KEY_HEX);
        }
        String source = keyFile.toString();
        String text;
        try {
            if (Files.size(keyFile) > MAX_KEY_FILE_BYTES) {
                throw fail(source, KEY_FILE, "the PSK file is larger than " + MAX_KEY_FILE_BYTES + " bytes, not a hex key");
            }
            text = new String(Files.readAllBytes(keyFile), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw fail(source, KEY_FILE, "the PSK file does not exist");
        } catch (IOException e) {
            throw fail(source, KEY_FILE, "cannot read the PSK file (" + e.getClass().getSimpleName() + ")");
        }
        return decodeOrThrow(text, source, KEY_FILE);
    }

    /** Never shows the key, only where it comes from. */
    @Override
    public String toString() {
        String key = keyFile != null ? "keyFile=" + keyFile : "keyHex=(hidden)";
        return "SecurityConfig[mode=" + mode + ", identity=" + identity + ", " + key + "]";
    }

    /** What is wrong with hex key text, or null when it is a usable key; never quotes the text. */
    static String hexProblem(String text) {
        String hex = stripSpace(text);
        if (hex.isEmpty()) {
            return "the PSK is empty";
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                return "the PSK must be hex digits 0-9 a-f (character " + (i + 1) + " is not)";
            }
        }
        if (hex.length() % 2 != 0) {
            return "the PSK must have an even number of hex digits (has " + hex.length() + ")";
        }
        return null;
    }

    private static byte[] decodeOrThrow(String text, String source, String key) throws ConfigException {
        String problem = hexProblem(text);
        if (problem != null) {
            throw fail(source, key, problem);
        }
        return HexFormat.of().parseHex(stripSpace(text));
    }

    private static String stripSpace(String text) {
        return text.replaceAll("\\s+", "");
    }

    private static ConfigException fail(String source, String key, String message) {
        return new ConfigException(new ConfigProblem(source, 0, 0, key, message));
    }
}
