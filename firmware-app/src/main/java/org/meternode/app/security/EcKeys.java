package org.meternode.app.security;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * ECDSA P-256 keys, the only kind meternode uses for RPK and X.509: decoding PKCS#8 and
 * SubjectPublicKeyInfo DER with the JDK alone, and finding the public half of a PKCS#8 key (the
 * optional publicKey field of RFC 5915 that OpenSSL and Bouncy Castle write).
 */
public final class EcKeys {
    private static final ECParameterSpec P256 = p256();

    private EcKeys() {
    }

    /** A P-256 private key from PKCS#8 DER. */
    public static ECPrivateKey privateKey(byte[] pkcs8) throws GeneralSecurityException {
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        requireP256((ECKey) key);
        return (ECPrivateKey) key;
    }

    /** A P-256 public key from SubjectPublicKeyInfo DER. */
    public static PublicKey publicKey(byte[] spki) throws GeneralSecurityException {
        PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        requireP256((ECKey) key);
        return key;
    }

    /**
     * The key pair held in PKCS#8 DER: the private key and the public key stored beside it.
     *
     * @throws GeneralSecurityException when the key is not P-256, holds no public key, or the two
     *                                  halves do not belong together
     */
    public static KeyPair keyPair(byte[] pkcs8) throws GeneralSecurityException {
        ECPrivateKey privateKey = privateKey(pkcs8);
        byte[] point = embeddedPublicPoint(pkcs8);
        if (point == null) {
            throw new GeneralSecurityException("the key file holds no public key (write it with meterctl keys init"
                    + " or openssl genpkey, which store it beside the private key)");
        }
        PublicKey publicKey = KeyFactory.getInstance("EC")
                .generatePublic(new ECPublicKeySpec(decodePoint(point), privateKey.getParams()));
        KeyPair pair = new KeyPair(publicKey, privateKey);
        requireMatching(pair);
        return pair;
    }

    /** A new P-256 key pair from the platform's strong random source. */
    public static KeyPair generate() throws GeneralSecurityException {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), java.security.SecureRandom.getInstanceStrong());
        return generator.generateKeyPair();
    }

    /**
     * PKCS#8 DER of a P-256 pair with the public key stored beside the private key (RFC 5915
     * {@code [1] publicKey}), so the public half can be read back from the one file.
     */
    public static byte[] pkcs8WithPublicKey(KeyPair pair) throws GeneralSecurityException {
        ECPrivateKey priv = (ECPrivateKey) pair.getPrivate();
        java.security.interfaces.ECPublicKey pub = (java.security.interfaces.ECPublicKey) pair.getPublic();
        requireP256(priv);
        requireMatching(pair);
        byte[] point = concat(new byte[] {0x04}, unsigned32(pub.getW().getAffineX()), unsigned32(pub.getW().getAffineY()));
        byte[] ecPrivateKey = tlv(0x30, concat(
                tlv(0x02, new byte[] {1}),
                tlv(0x04, unsigned32(priv.getS())),
                tlv(0xa1, tlv(0x03, concat(new byte[] {0}, point)))));
        byte[] algorithm = tlv(0x30, concat(
                tlv(0x06, new byte[] {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01}),      // id-ecPublicKey
                tlv(0x06, new byte[] {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07}))); // prime256v1
        return tlv(0x30, concat(tlv(0x02, new byte[] {0}), algorithm, tlv(0x04, ecPrivateKey)));
    }

    private static byte[] unsigned32(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }

    private static byte[] tlv(int tag, byte[] content) {
        int len = content.length;
        byte[] header = len < 0x80 ? new byte[] {(byte) tag, (byte) len}
                : len < 0x100 ? new byte[] {(byte) tag, (byte) 0x81, (byte) len}
                : new byte[] {(byte) tag, (byte) 0x82, (byte) (len >> 8), (byte) len};
        return concat(header, content);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Signs and verifies a fixed message: proves that {@code pair}'s halves belong together. */
    public static void requireMatching(KeyPair pair) throws GeneralSecurityException {
        byte[] probe = "meternode key pair check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(pair.getPrivate());
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(pair.getPublic());
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("the public key does not belong to the private key");
        }
    }

    /** Throws unless {@code key} is on the NIST P-256 curve (secp256r1). */
    public static void requireP256(ECKey key) throws GeneralSecurityException {
        ECParameterSpec p = key.getParams();
        if (!p.getOrder().equals(P256.getOrder()) || !p.getGenerator().equals(P256.getGenerator())
                || !p.getCurve().equals(P256.getCurve())) {
            throw new GeneralSecurityException("not an ECDSA P-256 (secp256r1) key");
        }
    }

    /** The parameters of P-256. */
    public static ECParameterSpec p256Params() {
        return P256;
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            return params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no secp256r1", e);
        }
    }

    private static ECPoint decodePoint(byte[] point) throws GeneralSecurityException {
        if (point.length != 65 || point[0] != 0x04) {
            throw new GeneralSecurityException("the stored public key is not an uncompressed P-256 point");
        }
        return new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
    }

    /**
     * The uncompressed point in ECPrivateKey's {@code [1] publicKey BIT STRING}, inside PKCS#8's
     * {@code privateKey OCTET STRING}; null when absent.
     */
    static byte[] embeddedPublicPoint(byte[] pkcs8) throws GeneralSecurityException {
        Der outer = new Der(pkcs8);
        Der info = outer.enter(0x30);
        info.skip(0x02); // version
        info.skip(0x30); // algorithm
        Der ecPrivateKey = new Der(info.read(0x04)).enter(0x30);
        ecPrivateKey.skip(0x02); // version 1
        ecPrivateKey.skip(0x04); // private key
        while (ecPrivateKey.hasMore()) {
            int tag = ecPrivateKey.peekTag();
            byte[] content = ecPrivateKey.read(tag);
            if (tag == 0xa1) {
                byte[] bits = new Der(content).read(0x03);
                if (bits.length < 2 || bits[0] != 0) {
                    throw new GeneralSecurityException("malformed public key field in the key file");
                }
                return Arrays.copyOfRange(bits, 1, bits.length);
            }
        }
        return null;
    }

    /** Just enough DER to walk PKCS#8: definite lengths, single-byte tags. */
    private static final class Der {
        private final byte[] data;
        private int pos;
        private final int end;

        Der(byte[] data) {
            this(data, 0, data.length);
        }

        private Der(byte[] data, int pos, int end) {
            this.data = data;
            this.pos = pos;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        int peekTag() throws GeneralSecurityException {
            if (pos >= end) {
                throw new GeneralSecurityException("truncated key encoding");
            }
            return data[pos] & 0xff;
        }

        Der enter(int tag) throws GeneralSecurityException {
            int[] span = header(tag);
            pos = span[1];
            return new Der(data, span[0], span[1]);
        }

        byte[] read(int tag) throws GeneralSecurityException {
            int[] span = header(tag);
            pos = span[1];
            return Arrays.copyOfRange(data, span[0], span[1]);
        }

        void skip(int tag) throws GeneralSecurityException {
            pos = header(tag)[1];
        }

        /** Checks the tag, returns {contentStart, contentEnd}. */
        private int[] header(int tag) throws GeneralSecurityException {
            if (peekTag() != tag) {
                throw new GeneralSecurityException("unexpected structure in the key encoding");
            }
            int p = pos + 1;
            if (p >= end) {
                throw new GeneralSecurityException("truncated key encoding");
            }
            int len = data[p++] & 0xff;
            if (len > 0x80) {
                int n = len - 0x80;
                if (n > 3 || p + n > end) {
                    throw new GeneralSecurityException("bad length in the key encoding");
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = (len << 8) | (data[p++] & 0xff);
                }
            } else if (len == 0x80) {
                throw new GeneralSecurityException("indefinite length in the key encoding");
            }
            if (p + len > end) {
                throw new GeneralSecurityException("truncated key encoding");
            }
            return new int[] {p, p + len};
        }
    }
}
