package org.meternode.tools.headend;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * How the head-end runs: where it listens and stores, which nodes it accepts (PSK entries, RPK
 * entries, any node whose certificate a trusted CA signed with CN = endpoint), its own identity for
 * certificate-based nodes, and where it keeps its DTLS sessions across restarts.
 *
 * @param identity      the head-end's own key (and certificate); null serves PSK nodes only
 * @param nodeCas       CAs whose certificates with CN = endpoint are accepted; empty for none
 * @param dtlsStateFile DTLS sessions saved on clean stop and restored at start; null keeps none
 * @param bootstrapBind where to run an LwM2M bootstrap server; null for none. With one, the listed
 *                      node credentials (psks, rpks, nodeCas) authenticate nodes to the bootstrap
 *                      server, which gives each node a PSK account for the management server
 * @param sendLimit     Sends per node (endpoint) before 4.29 Too Many Requests
 * @param registrationLimit registrations and updates per DTLS identity before they are refused
 * @param cluster       this instance's node id and its peers' cluster addresses; null when it runs alone
 * @param redis         a Redis (redis://HOST:PORT) holding registrations and listed node credentials
 *                      shared with other head-ends; null keeps both in this process
 */
public record HeadEndOptions(InetSocketAddress bind, Path db, List<PskEntry> psks, List<RpkEntry> rpks,
        HeadEndIdentity identity, List<X509Certificate> nodeCas, Path dtlsStateFile, boolean alsoPlainCoap,
        InetSocketAddress bootstrapBind, TokenBucketLimiter.Limit sendLimit,
        TokenBucketLimiter.Limit registrationLimit, ClusterMembership cluster, URI redis) {
    public HeadEndOptions {
        Objects.requireNonNull(sendLimit, "sendLimit");
        Objects.requireNonNull(registrationLimit, "registrationLimit");
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(db, "db");
        psks = List.copyOf(psks);
        rpks = List.copyOf(rpks);
        nodeCas = List.copyOf(nodeCas);
        if (identity == null && (!rpks.isEmpty() || !nodeCas.isEmpty())) {
            throw new IllegalArgumentException("accepting RPK or X.509 nodes needs the head-end's own key (--key)");
        }
        if (cluster != null && dtlsStateFile != null) {
            throw new IllegalArgumentException("--dtls-state cannot be used in a cluster: after a failover nodes make"
                    + " a new handshake with a live instance");
        }
    }

    public HeadEndOptions(InetSocketAddress bind, Path db, List<PskEntry> psks, List<RpkEntry> rpks,
            HeadEndIdentity identity, List<X509Certificate> nodeCas, Path dtlsStateFile, boolean alsoPlainCoap) {
        this(bind, db, psks, rpks, identity, nodeCas, dtlsStateFile, alsoPlainCoap, null);
    }

    public HeadEndOptions(InetSocketAddress bind, Path db, List<PskEntry> psks, List<RpkEntry> rpks,
            HeadEndIdentity identity, List<X509Certificate> nodeCas, Path dtlsStateFile, boolean alsoPlainCoap,
            InetSocketAddress bootstrapBind) {
        this(bind, db, psks, rpks, identity, nodeCas, dtlsStateFile, alsoPlainCoap, bootstrapBind,
                TokenBucketLimiter.Limit.SENDS, TokenBucketLimiter.Limit.REGISTRATIONS, null, null);
    }

    /** The same head-end with other rate limits per node. */
    public HeadEndOptions withRateLimits(TokenBucketLimiter.Limit sends, TokenBucketLimiter.Limit registrations) {
        return new HeadEndOptions(bind, db, psks, rpks, identity, nodeCas, dtlsStateFile, alsoPlainCoap, bootstrapBind,
                sends, registrations, cluster, redis);
    }

    /** The same head-end as one instance of a cluster. */
    public HeadEndOptions withCluster(ClusterMembership membership) {
        return new HeadEndOptions(bind, db, psks, rpks, identity, nodeCas, dtlsStateFile, alsoPlainCoap, bootstrapBind,
                sendLimit, registrationLimit, membership, redis);
    }

    /** The same head-end sharing registrations and listed credentials through the Redis at {@code uri}. */
    public HeadEndOptions withRedis(URI uri) {
        return new HeadEndOptions(bind, db, psks, rpks, identity, nodeCas, dtlsStateFile, alsoPlainCoap, bootstrapBind,
                sendLimit, registrationLimit, cluster, uri);
    }

    /** PSK nodes only. */
    public static HeadEndOptions psk(InetSocketAddress bind, Path db, List<PskEntry> psks) {
        return new HeadEndOptions(bind, db, psks, List.of(), null, List.of(), null, false);
    }

    public HeadEndOptions withBootstrap(InetSocketAddress at) {
        return new HeadEndOptions(bind, db, psks, rpks, identity, nodeCas, dtlsStateFile, alsoPlainCoap, at, sendLimit, registrationLimit, cluster, redis);
    }

    public HeadEndOptions withPsks(List<PskEntry> entries) {
        return new HeadEndOptions(bind, db, entries, rpks, identity, nodeCas, dtlsStateFile, alsoPlainCoap,
                bootstrapBind, sendLimit, registrationLimit, cluster, redis);
    }

    public HeadEndOptions withIdentity(HeadEndIdentity id) {
        return new HeadEndOptions(bind, db, psks, rpks, id, nodeCas, dtlsStateFile, alsoPlainCoap, bootstrapBind, sendLimit, registrationLimit, cluster, redis);
    }

    public HeadEndOptions withRpks(List<RpkEntry> entries) {
        return new HeadEndOptions(bind, db, psks, entries, identity, nodeCas, dtlsStateFile, alsoPlainCoap, bootstrapBind, sendLimit, registrationLimit, cluster, redis);
    }

    public HeadEndOptions withNodeCas(List<X509Certificate> cas) {
        return new HeadEndOptions(bind, db, psks, rpks, identity, cas, dtlsStateFile, alsoPlainCoap, bootstrapBind, sendLimit, registrationLimit, cluster, redis);
    }

    public HeadEndOptions withDtlsState(Path file) {
        return new HeadEndOptions(bind, db, psks, rpks, identity, nodeCas, file, alsoPlainCoap, bootstrapBind, sendLimit, registrationLimit, cluster, redis);
    }

    public HeadEndOptions withPlainCoap(boolean plain) {
        return new HeadEndOptions(bind, db, psks, rpks, identity, nodeCas, dtlsStateFile, plain, bootstrapBind, sendLimit, registrationLimit, cluster, redis);
    }
}
