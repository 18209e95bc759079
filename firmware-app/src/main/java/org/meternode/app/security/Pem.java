package org.meternode.app.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text (RFC 7468): {@code -----BEGIN TYPE-----}, base64, {@code -----END TYPE-----}. Decoding
 * does no I/O and never puts the encoded content into an exception message.
 */
public final class Pem {
    /** PKCS#8 private key. */
    public static final String PRIVATE_KEY = "PRIVATE KEY";
    /** X.509 SubjectPublicKeyInfo. */
    public static final String PUBLIC_KEY = "PUBLIC KEY";
    /** X.509 certificate. */
    public static final String CERTIFICATE = "CERTIFICATE";
    /** PKCS#10 certificate signing request. */
    public static final String CERTIFICATE_REQUEST = "CERTIFICATE REQUEST";

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    /** One decoded block. */
    public record Block(String type, byte[] der) {
        public Block {
            der = der.clone();
        }

        @Override
        public byte[] der() {
            return der.clone();
        }

        @Override
        public String toString() {
            return "Pem.Block[" + type + ", " + der.length + " bytes]";
        }
    }

    private Pem() {
    }

    /** Every block in {@code text}, in order; text outside blocks is ignored. */
    public static List<Block> decode(String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the " + m.group(1) + " block is not valid base64");
            }
            blocks.add(new Block(m.group(1), der));
        }
        return blocks;
    }

    /** The blocks of one type. */
    public static List<byte[]> all(String text, String type) {
        return decode(text).stream().filter(b -> b.type().equals(type)).map(Block::der).toList();
    }

    /** One block as PEM text with 64-character lines. */
    public static String encode(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
