package org.meternode.tools.update;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.meternode.app.update.PemKeys;

/**
 * Ed25519 update-signing keys with Bouncy Castle: key pairs written as PEM (PKCS#8 private key,
 * mode 0600; SubjectPublicKeyInfo public key, the node's {@code trusted.pub}), readable by OpenSSL
 * too, and signatures over bundle manifests.
 */
public final class Ed25519Keys {
    public static final String PRIVATE_FILE = "update-signing.key";
    public static final String PUBLIC_FILE = "update-signing.pub";

    private Ed25519Keys() {
    }

    /** The files written by {@link #generate(Path)}. */
    public record Written(Path privateKey, Path publicKey) {
    }

    public static Written generate(Path dir) throws IOException {
        Ed25519KeyPairGenerator g = new Ed25519KeyPairGenerator();
        g.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        AsymmetricCipherKeyPair pair = g.generateKeyPair();
        Files.createDirectories(dir);
        Path priv = dir.resolve(PRIVATE_FILE);
        Path pub = dir.resolve(PUBLIC_FILE);
        if (Files.exists(priv)) {
            throw new IOException(priv + " exists; refusing to overwrite a signing key");
        }
        Files.createFile(priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(priv, PemKeys.pem("PRIVATE KEY",
                PrivateKeyInfoFactory.createPrivateKeyInfo(pair.getPrivate()).getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(pub, publicPem(pair.getPublic()), StandardCharsets.US_ASCII);
        return new Written(priv, pub);
    }

    static String publicPem(AsymmetricKeyParameter publicKey) throws IOException {
        return PemKeys.pem("PUBLIC KEY", SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey).getEncoded());
    }

    public static Ed25519PrivateKeyParameters readPrivate(Path pem) throws IOException {
        byte[] der = PemKeys.derOf(Files.readString(pem, StandardCharsets.US_ASCII), "PRIVATE KEY", pem.toString());
        AsymmetricKeyParameter key = PrivateKeyFactory.createKey(der);
        if (!(key instanceof Ed25519PrivateKeyParameters ed)) {
            throw new IOException(pem + ": not an Ed25519 private key");
        }
        return ed;
    }

    /** The public key PEM that belongs to a private key (what the node must trust). */
    public static String publicPemOf(Ed25519PrivateKeyParameters key) throws IOException {
        return publicPem(key.generatePublicKey());
    }

    public static byte[] sign(Ed25519PrivateKeyParameters key, byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }
}
