package org.meternode.tools.headend;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Objects;
import org.meternode.app.security.EcKeys;
import org.meternode.app.security.TrustAnchor;

/**
 * A node the head-end accepts by its raw public key. Written {@code endpoint:BASE64} where BASE64
 * is the DER SubjectPublicKeyInfo (the body of the node's PEM public key on one line), as
 * {@code meterctl keys init} prints it.
 */
public record RpkEntry(String endpoint, PublicKey publicKey) {
    public RpkEntry {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(publicKey, "publicKey");
    }

    public static RpkEntry parse(String spec) {
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("RPK entry must be ENDPOINT:BASE64-PUBLIC-KEY");
        }
        String endpoint = spec.substring(0, colon).trim();
        try {
            return new RpkEntry(endpoint, EcKeys.publicKey(Base64.getDecoder().decode(spec.substring(colon + 1).trim())));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("RPK entry for endpoint '" + endpoint
                    + "': not a base64 P-256 public key (" + e.getMessage() + ")", e);
        }
    }

    /** The entry as a line of an RPK file. */
    public String line() {
        return endpoint + ":" + Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    @Override
    public String toString() {
        return "RpkEntry[" + endpoint + ", " + new TrustAnchor.Key(publicKey) + "]";
    }
}
