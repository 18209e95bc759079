package org.meternode.app.lwm2m;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the LwM2M client needs to know: who we are, where the server is, how to prove it. The PSK
 * never appears in {@link #toString()}.
 */
public record ClientSettings(String endpoint, URI serverUri, int shortServerId, Duration lifetime,
        String pskIdentity, byte[] pskKey, boolean queueMode, String model, String firmwareVersion) {
    public ClientSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(lifetime, "lifetime");
        pskKey = pskKey == null ? null : pskKey.clone();
    }

    @Override
    public byte[] pskKey() {
        return pskKey == null ? null : pskKey.clone();
    }

    boolean secure() {
        return "coaps".equalsIgnoreCase(serverUri.getScheme());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientSettings s && endpoint.equals(s.endpoint) && serverUri.equals(s.serverUri)
                && Arrays.equals(pskKey, s.pskKey) && Objects.equals(pskIdentity, s.pskIdentity);
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpoint, serverUri, pskIdentity);
    }

    @Override
    public String toString() {
        return "ClientSettings[endpoint=" + endpoint + ", server=" + serverUri + ", identity=" + pskIdentity
                + ", lifetime=" + lifetime + ", queueMode=" + queueMode + "]";
    }
}
