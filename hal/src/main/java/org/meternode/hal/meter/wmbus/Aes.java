package org.meternode.hal.meter.wmbus;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The three AES-128 uses of wireless M-Bus (CBC for the TPL, CTR for the ELL, ECB under CMAC), on javax.crypto. */
final class Aes {
    private Aes() {
    }

    static Cipher ecb(byte[] key, int mode) {
        return init("AES/ECB/NoPadding", mode, key, null);
    }

    /** CBC without padding over {@code data[offset, offset + length)}, in place; length is a multiple of 16. */
    static void cbc(int mode, byte[] key, byte[] iv, byte[] data, int offset, int length) {
        run(init("AES/CBC/NoPadding", mode, key, iv), data, offset, length);
    }

    /** CTR (encrypting and decrypting alike) over {@code data[offset, offset + length)}, in place. */
    static void ctr(byte[] key, byte[] iv, byte[] data, int offset, int length) {
        run(init("AES/CTR/NoPadding", Cipher.ENCRYPT_MODE, key, iv), data, offset, length);
    }

    private static void run(Cipher cipher, byte[] data, int offset, int length) {
        try {
            byte[] out = cipher.doFinal(data, offset, length);
            System.arraycopy(out, 0, data, offset, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(cipher.getAlgorithm() + " failed on " + length + " bytes", e);
        }
    }

    private static Cipher init(String transformation, int mode, byte[] key, byte[] iv) {
        try {
            Cipher cipher = Cipher.getInstance(transformation);
            SecretKeySpec spec = new SecretKeySpec(key, "AES");
            if (iv == null) {
                cipher.init(mode, spec);
            } else {
                cipher.init(mode, spec, new IvParameterSpec(iv));
            }
            return cipher;
        } catch (GeneralSecurityException e) {
            // AES-128 with these transformations is required of every JDK (Cipher's Javadoc)
            throw new IllegalStateException(transformation + " is not available", e);
        }
    }
}
