package org.meternode.app.lwm2m;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.meternode.app.security.NodeCredentials;

/**
 * What the LwM2M client needs to know: who we are, where the server is, how to prove it. Keys
 * never appear in {@link #toString()} ({@link NodeCredentials} hides them).
 *
 * @param credentials DTLS credentials and server trust; null only for an insecure coap:// server
 * @param storageDir  where the DTLS session (and a rotated server trust anchor) is kept; null keeps none
 * @param bootstrap   {@code serverUri} is a bootstrap server; {@code credentials} authenticate to it
 */
public record ClientSettings(String endpoint, URI serverUri, int shortServerId, Duration lifetime,
        NodeCredentials credentials, boolean queueMode, String model, String firmwareVersion, Path storageDir,
        boolean bootstrap) {
    public ClientSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(lifetime, "lifetime");
        if (credentials == null && "coaps".equalsIgnoreCase(serverUri.getScheme())) {
            throw new IllegalArgumentException("a coaps:// server needs credentials");
        }
    }

    /** Settings for a management server (no bootstrap). */
    public ClientSettings(String endpoint, URI serverUri, int shortServerId, Duration lifetime,
            NodeCredentials credentials, boolean queueMode, String model, String firmwareVersion, Path storageDir) {
        this(endpoint, serverUri, shortServerId, lifetime, credentials, queueMode, model, firmwareVersion, storageDir,
                false);
    }

    boolean secure() {
        return "coaps".equalsIgnoreCase(serverUri.getScheme());
    }
}
