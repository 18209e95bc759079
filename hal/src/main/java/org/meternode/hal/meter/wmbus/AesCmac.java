package org.meternode.hal.meter.wmbus;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/**
 * AES-CMAC (RFC 4493) on the JDK's AES, for OMS security mode 7: the key derivation of Kenc and Kmac
 * and the AFL MAC. Written here because the node's class path has no Bouncy Castle.
 */
final class AesCmac {
    private static final int BLOCK = 16;
    private static final int RB = 0x87; // RFC 4493 2.3: the constant for 128-bit blocks

    private AesCmac() {
    }

    /** The 16-byte CMAC of {@code message} under the 16-byte {@code key}. */
    static byte[] mac(byte[] key, byte[] message) {
        Cipher aes = Aes.ecb(key, Cipher.ENCRYPT_MODE);
        byte[] k1 = shiftXor(encrypt(aes, new byte[BLOCK]));
        byte[] k2 = shiftXor(k1);
        int blocks = Math.max(1, (message.length + BLOCK - 1) / BLOCK);
        boolean complete = message.length > 0 && message.length % BLOCK == 0;
        byte[] last = new byte[BLOCK];
        int lastStart = (blocks - 1) * BLOCK;
        if (complete) {
            for (int i = 0; i < BLOCK; i++) {
                last[i] = (byte) (message[lastStart + i] ^ k1[i]);
            }
        } else {
            int rest = message.length - lastStart;
            System.arraycopy(message, lastStart, last, 0, rest);
            last[rest] = (byte) 0x80; // padding: one bit, then zeros
            for (int i = 0; i < BLOCK; i++) {
                last[i] ^= k2[i];
            }
        }
        byte[] x = new byte[BLOCK];
        for (int b = 0; b < blocks - 1; b++) {
            for (int i = 0; i < BLOCK; i++) {
                x[i] ^= message[b * BLOCK + i];
            }
            x = encrypt(aes, x);
        }
        for (int i = 0; i < BLOCK; i++) {
            x[i] ^= last[i];
        }
        return encrypt(aes, x);
    }

    /** Subkey generation step: shift left one bit, xor Rb into the last byte if the top bit fell out. */
    private static byte[] shiftXor(byte[] in) {
        byte[] out = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            int next = i + 1 < BLOCK ? (in[i + 1] & 0xFF) >>> 7 : 0;
            out[i] = (byte) ((in[i] << 1) | next);
        }
        if ((in[0] & 0x80) != 0) {
            out[BLOCK - 1] ^= (byte) RB;
        }
        return out;
    }

    private static byte[] encrypt(Cipher aes, byte[] block) {
        try {
            return aes.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB on one block failed", e);
        }
    }
}
