package org.meternode.app.lwm2m.security;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.client.californium.endpoint.ClientProtocolProvider;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.resource.LwM2mObjectTree;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.DmServerInfo;
import org.eclipse.leshan.client.servers.ServersInfo;
import org.eclipse.leshan.client.servers.ServersInfoExtractor;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.SecurityMode;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.meternode.app.events.SecurityEvents;
import org.meternode.app.security.NodeCredentials;
import org.meternode.app.security.TrustAnchor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of DTLS in one place: its credentials as a Leshan Security instance, how it
 * verifies the server ({@link ServerTrust}), the saved session ({@link DtlsSessionKeeper}) and the
 * handshake log. A trust anchor rotated by the server is kept in {@code server-trust.pem} in the
 * storage directory and takes precedence over the config's.
 */
public final class NodeSecurity {
    private static final Logger LOG = LoggerFactory.getLogger(NodeSecurity.class);
    /** File in the storage directory with the saved DTLS session (0600). */
    public static final String SESSION_FILE = "dtls-session.bin";
    /** File in the storage directory with a server trust anchor rotated by the server (0644). */
    public static final String ROTATED_TRUST_FILE = "server-trust.pem";
    /** Least time between two saves of the session while running. */
    public static final Duration SAVE_INTERVAL = Duration.ofMinutes(1);
    private static final String ROTATION_HEADER = "# meternode: server trust anchor rotated by the server; replaces ";
    private static final String ANNOUNCE_HEADER = "# meternode: next server trust anchor announced by the server; current ";
    /** File in the storage directory with a next trust anchor the server announced (0644). */
    public static final String ANNOUNCED_TRUST_FILE = "server-trust-next.pem";

    private final NodeCredentials credentials;
    private final ServerTrust trust;
    private final DtlsSessionKeeper keeper;
    private final HandshakeLog handshakes;
    private final NodeCoapsEndpointFactory factory;
    private final Path storageDir;
    private final SecurityEvents events;
    private final TrustAnchor configAnchor;
    private final boolean bootstrap;
    private Security securityInstance;

    private NodeSecurity(NodeCredentials credentials, Path storageDir, SecurityEvents events, Clock clock,
            boolean bootstrap) {
        this.bootstrap = bootstrap;
        this.credentials = credentials;
        this.storageDir = storageDir;
        this.events = events;
        this.configAnchor = ServerTrust.configAnchor(credentials);
        this.trust = ServerTrust.of(credentials, rotatedAnchor(configAnchor, credentials.mode(), storageDir),
                this::promoted);
        TrustAnchor pending = trust == null ? null : announcedAnchor(trust.current(), credentials.mode(), storageDir);
        if (pending != null) {
            trust.announce(pending);
        }
        this.handshakes = new HandshakeLog("server", events::record);
        this.keeper = storageDir == null ? null
                : DtlsSessionKeeper.forClient(storageDir.resolve(SESSION_FILE), this::fingerprint, clock, SAVE_INTERVAL);
        this.factory = new NodeCoapsEndpointFactory(trust, bootstrap, keeper, handshakes);
    }

    /**
     * @param storageDir where the session and a rotated trust anchor live; null keeps nothing
     */
    public static NodeSecurity create(NodeCredentials credentials, Path storageDir, SecurityEvents events,
            Clock clock) {
        return new NodeSecurity(credentials, storageDir, events, clock, false);
    }

    /**
     * @param bootstrap the configured server is a bootstrap server: {@code credentials} and the
     *                  trust authenticate to it; the management server's account comes from it
     */
    public static NodeSecurity create(NodeCredentials credentials, Path storageDir, SecurityEvents events,
            Clock clock, boolean bootstrap) {
        return new NodeSecurity(credentials, storageDir, events, clock, bootstrap);
    }

    /** The Security object instance (LwM2M object 0) for the bootstrap server at {@code uri}. */
    public Security bootstrapSecurityInstance(URI uri) {
        String u = uri.toString();
        try {
            return switch (credentials) {
                case NodeCredentials.Psk psk ->
                        Security.pskBootstrap(u, psk.identity().getBytes(StandardCharsets.UTF_8), psk.key());
                case NodeCredentials.Rpk rpk -> Security.rpkBootstrap(u, rpk.keyPair().getPublic().getEncoded(),
                        rpk.keyPair().getPrivate().getEncoded(), trust.current().encoded());
                case NodeCredentials.X509 x509 -> Security.x509Bootstrap(u, x509.chain().get(0).getEncoded(),
                        x509.privateKey().getEncoded(), trust.current().encoded(), ULong.valueOf(2));
            };
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("the node certificate cannot be encoded", e);
        }
    }

    /** The Security object instance (LwM2M object 0) for the server at {@code uri}. */
    public Security securityInstance(URI uri, int shortServerId) {
        securityInstance = newSecurityInstance(uri, shortServerId);
        return securityInstance;
    }

    private Security newSecurityInstance(URI uri, int shortServerId) {
        String u = uri.toString();
        try {
            return switch (credentials) {
                case NodeCredentials.Psk psk ->
                        Security.psk(u, shortServerId, psk.identity().getBytes(StandardCharsets.UTF_8), psk.key());
                case NodeCredentials.Rpk rpk -> Security.rpk(u, shortServerId,
                        rpk.keyPair().getPublic().getEncoded(), rpk.keyPair().getPrivate().getEncoded(),
                        trust.current().encoded());
                // Certificate usage 2 (trust anchor assertion): resource 4 holds the CA certificate.
                case NodeCredentials.X509 x509 -> Security.x509(u, shortServerId,
                        x509.chain().get(0).getEncoded(), x509.privateKey().getEncoded(), trust.current().encoded(),
                        ULong.valueOf(2));
            };
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("the node certificate cannot be encoded", e);
        }
    }

    /**
     * {@code enablers} with object 0 replaced by one that lets the server announce its next trust
     * anchor ({@link RotatableSecurityObject}); unchanged for PSK.
     */
    public List<LwM2mObjectEnabler> withRotatableSecurityObject(List<LwM2mObjectEnabler> enablers,
            ObjectModel securityModel, int shortServerId) {
        if (trust == null || securityInstance == null || bootstrap) {
            return enablers;
        }
        List<LwM2mObjectEnabler> out = new ArrayList<>();
        for (LwM2mObjectEnabler e : enablers) {
            out.add(e.getId() == 0
                    ? new RotatableSecurityObject(securityModel, securityInstance, shortServerId, this::announce)
                    : e);
        }
        return out;
    }

    /**
     * The server wrote its next trust anchor (Security resource 4): trusted beside the current one
     * until a handshake proves it. Returns null when accepted, else why not.
     */
    String announce(byte[] der) {
        TrustAnchor next;
        try {
            next = TrustAnchor.decode(credentials.mode(), der);
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.warn("server wrote an unusable trust anchor to Security resource 4: {}", e.getMessage());
            return "not a " + (credentials.mode().equals("rpk") ? "P-256 public key" : "certificate") + " (DER)";
        }
        trust.announce(next);
        LOG.warn("server announced its next trust anchor {}: trusted beside {} until a handshake proves it", next,
                trust.current());
        events.record(SecurityEvents.CREDENTIAL_CHANGED, "server announced next trust anchor " + next);
        if (storageDir != null) {
            try {
                writeAtomically(storageDir.resolve(ANNOUNCED_TRUST_FILE), ANNOUNCE_HEADER + digest(trust.current())
                        + "\n" + next.pem());
            } catch (IOException e) {
                LOG.error("could not keep the announced trust anchor in {}: {}", storageDir, e.getMessage());
            }
        }
        return null;
    }

    /**
     * Objects 0 and 1 for bootstrapping: the bootstrap server's Security instance and, when a
     * bootstrap gave the node an account earlier ({@link BootstrapAccount}), that management server
     * too, so the node registers at once and bootstraps again only if it is refused.
     */
    public void initBootstrap(ObjectsInitializer init, URI bootstrapUri) {
        BootstrapAccount account = null;
        if (storageDir != null) {
            try {
                account = BootstrapAccount.load(storageDir);
            } catch (IOException e) {
                LOG.warn("bootstrap account not used: {}", e.getMessage());
            }
        }
        Security bs = bootstrapSecurityInstance(bootstrapUri);
        if (account == null) {
            LOG.info("no account from an earlier bootstrap: bootstrapping with {}", bootstrapUri);
            init.setInstancesForObject(LwM2mId.SECURITY, bs);
            init.setClassForObject(LwM2mId.SERVER, Server.class);
            return;
        }
        LOG.info("using the account an earlier bootstrap gave: {}", account);
        init.setInstancesForObject(LwM2mId.SECURITY, bs, Security.psk(account.serverUri().toString(),
                account.shortServerId(), account.pskIdentity().getBytes(StandardCharsets.UTF_8), account.pskKey()));
        init.setInstancesForObject(LwM2mId.SERVER, new Server(account.shortServerId(), account.lifetimeSeconds()));
    }

    /** A bootstrap finished: keeps the management server account it wrote (PSK only). */
    public void bootstrapped(LwM2mObjectTree objects) {
        ServersInfo info = ServersInfoExtractor.getInfo(objects.getObjectEnablers());
        for (DmServerInfo dm : info.deviceManagements.values()) {
            if (dm.secureMode != SecurityMode.PSK) {
                LOG.warn("the bootstrap server gave a {} account for {}: used now, not kept (only PSK accounts are)",
                        dm.secureMode, dm.serverUri);
                continue;
            }
            BootstrapAccount account = new BootstrapAccount(dm.serverUri, (int) dm.serverId, dm.lifetime, dm.pskId,
                    dm.pskKey);
            events.record(SecurityEvents.CREDENTIAL_CHANGED, "bootstrap gave the account " + account);
            if (storageDir == null) {
                return;
            }
            try {
                account.save(storageDir);
                LOG.info("bootstrapped: {} kept in {} (mode 0600)", account, storageDir.resolve(BootstrapAccount.FILE));
            } catch (IOException e) {
                LOG.error("could not keep the bootstrap account: {}", e.getMessage());
            }
            return;
        }
    }

    public boolean bootstrap() {
        return bootstrap;
    }

    /** Leshan's coaps protocol using this node's DTLS policy. */
    public ClientProtocolProvider coapsProtocol() {
        return factory.protocolProvider();
    }

    /** One line for the start log, naming no secret. */
    public String describe() {
        return "DTLS " + credentials.mode() + " (" + credentials + (trust == null ? "" : ", trusting " + trust.current())
                + ")";
    }

    public HandshakeLog handshakes() {
        return handshakes;
    }

    /** The server trust, null for PSK. */
    public ServerTrust trust() {
        return trust;
    }

    public DtlsSessionKeeper keeper() {
        return keeper;
    }

    /** A request was answered over DTLS: keep the session state fresh on disk. */
    public void exchangeSucceeded() {
        if (keeper != null) {
            keeper.exchangeSucceeded();
        }
    }

    private String fingerprint() {
        return credentials.fingerprint() + (trust == null ? "" : ":" + digest(trust.current()));
    }

    private static String digest(TrustAnchor anchor) {
        try {
            return java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(anchor.encoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server proved its announced anchor: it is the trust anchor from now on, also after restarts. */
    private void promoted(TrustAnchor anchor) {
        LOG.warn("server trust anchor rotated: now trusting {} only", anchor);
        events.record(SecurityEvents.CREDENTIAL_CHANGED, "server trust anchor rotated to " + anchor);
        if (storageDir != null) {
            try {
                writeAtomically(storageDir.resolve(ROTATED_TRUST_FILE),
                        ROTATION_HEADER + digest(configAnchor) + "\n" + anchor.pem());
                Files.deleteIfExists(storageDir.resolve(ANNOUNCED_TRUST_FILE));
            } catch (IOException e) {
                LOG.error("could not store the rotated trust anchor in {}: {}", storageDir, e.getMessage());
            }
        }
    }

    /** A next anchor announced before a restart, if it was announced while {@code current} was trusted. */
    private static TrustAnchor announcedAnchor(TrustAnchor current, String mode, Path storageDir) {
        if (storageDir == null) {
            return null;
        }
        Path file = storageDir.resolve(ANNOUNCED_TRUST_FILE);
        try {
            String text = Files.readString(file);
            if (!text.startsWith(ANNOUNCE_HEADER + digest(current) + "\n")) {
                return null;
            }
            TrustAnchor anchor = TrustAnchor.fromPem(mode, text);
            LOG.info("the server announced {} as its next trust anchor before this start ({})", anchor, file);
            return anchor;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.error("ignoring {}: {}", file, e.getMessage());
            return null;
        }
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".server-trust", ".tmp");
        Files.writeString(tmp, text);
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The anchor the server rotated to, if it replaced the one the config still names; an operator
     * who changes the config's anchor afterwards overrides the rotation.
     */
    private static TrustAnchor rotatedAnchor(TrustAnchor configAnchor, String mode, Path storageDir) {
        if (storageDir == null || configAnchor == null) {
            return null;
        }
        Path file = storageDir.resolve(ROTATED_TRUST_FILE);
        try {
            String text = Files.readString(file);
            if (!text.startsWith(ROTATION_HEADER + digest(configAnchor) + "\n")) {
                LOG.warn("{} replaced another trust anchor than the config's now: ignored", file);
                return null;
            }
            TrustAnchor anchor = TrustAnchor.fromPem(mode, text);
            LOG.info("using the server trust anchor rotated by the server ({}, {}) instead of the config's", anchor,
                    file);
            return anchor;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.error("ignoring {}: {}", file, e.getMessage());
            return null;
        }
    }
}
