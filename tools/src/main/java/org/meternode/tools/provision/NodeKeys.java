package org.meternode.tools.provision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Base64;
import org.meternode.app.security.EcKeys;
import org.meternode.app.security.KeyFiles;
import org.meternode.app.security.Pem;

/**
 * Makes a node's key pair where it will be used (the node itself): {@code node.key} (PKCS#8 PEM
 * with the public key inside, mode 0600, never printed), {@code node.pub} and {@code node.csr}
 * (CN = endpoint) for the CA.
 */
public final class NodeKeys {
    public static final String KEY_FILE = "node.key";
    public static final String PUBLIC_KEY_FILE = "node.pub";
    public static final String CSR_FILE = "node.csr";

    /** What was written; the RPK line is what a head-end's --rpk-file lists. */
    public record Written(Path keyFile, Path publicKeyFile, Path csrFile, String rpkLine) {
    }

    private NodeKeys() {
    }

    /** Writes a new key pair and CSR into {@code dir}; never replaces an existing key. */
    public static Written init(Path dir, String endpoint) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        Path keyFile = dir.resolve(KEY_FILE);
        if (Files.exists(keyFile)) {
            throw new GeneralSecurityException(keyFile + " exists; refusing to replace a node key (move it away first)");
        }
        KeyPair pair = EcKeys.generate();
        Csr csr = Csr.create(endpoint, pair);
        KeyFiles.writeSecret(keyFile,
                Pem.encode(Pem.PRIVATE_KEY, EcKeys.pkcs8WithPublicKey(pair)).getBytes(StandardCharsets.US_ASCII), false);
        Path pub = dir.resolve(PUBLIC_KEY_FILE);
        Files.writeString(pub, Pem.encode(Pem.PUBLIC_KEY, pair.getPublic().getEncoded()));
        Path csrFile = dir.resolve(CSR_FILE);
        Files.writeString(csrFile, csr.pem());
        return new Written(keyFile, pub, csrFile,
                endpoint + ":" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
    }
}
