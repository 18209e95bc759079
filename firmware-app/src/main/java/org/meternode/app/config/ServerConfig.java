package org.meternode.app.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The LwM2M server this node registers with.
 *
 * @param uri           {@code coaps://host:port}, or {@code coap://} when {@code insecure}
 * @param insecure      plain CoAP was allowed explicitly
 * @param security      DTLS credentials; null only for an insecure {@code coap://} server
 * @param lifetime      registration lifetime
 * @param queueMode     the node sleeps between reports and the server queues requests
 * @param shortServerId LwM2M short server id
 * @param bootstrap     {@code uri} is an LwM2M bootstrap server that gives the node its server
 */
public record ServerConfig(URI uri, boolean insecure, SecurityConfig security, Duration lifetime,
                           boolean queueMode, int shortServerId, boolean bootstrap) {
    public ServerConfig {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(lifetime, "lifetime");
        if (security == null && !insecure) {
            throw new IllegalArgumentException("a secure server needs security settings");
        }
    }

    /** A management server (no bootstrap). */
    public ServerConfig(URI uri, boolean insecure, SecurityConfig security, Duration lifetime, boolean queueMode,
            int shortServerId) {
        this(uri, insecure, security, lifetime, queueMode, shortServerId, false);
    }
}
