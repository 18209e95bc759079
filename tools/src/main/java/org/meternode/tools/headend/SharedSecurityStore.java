package org.meternode.tools.headend;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.leshan.core.peer.OscoreIdentity;
import org.eclipse.leshan.server.redis.RedisSecurityStore;
import org.eclipse.leshan.server.security.EditableSecurityStore;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.NonUniqueSecurityInfoException;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.eclipse.leshan.server.security.SecurityStoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node credentials shared by every head-end on one Redis ({@link RedisSecurityStore}). This
 * instance keeps a copy of the entries it added or looked up, used only while Redis does not
 * answer, so nodes it knows can still complete a handshake; an entry Redis says is gone is
 * dropped from the copy. The configured entries are written again when Redis comes back empty.
 */
final class SharedSecurityStore implements EditableSecurityStore {
    private static final Logger LOG = LoggerFactory.getLogger(SharedSecurityStore.class);

    private final RedisLink link;
    private final RedisSecurityStore redis;
    private final InMemorySecurityStore copy = new InMemorySecurityStore();
    private final Map<String, SecurityInfo> configured = new ConcurrentHashMap<>();

    SharedSecurityStore(RedisLink link) {
        this.link = link;
        this.redis = new RedisSecurityStore(link.pool());
        link.onRecovery(this::restoreConfigured);
    }

    /** Adds an entry from the head-end's configuration: written again after Redis lost it. */
    void addConfigured(SecurityInfo info) throws NonUniqueSecurityInfoException {
        add(info);
        configured.put(info.getEndpoint(), info);
    }

    @Override
    public SecurityInfo getByEndpoint(String endpoint) {
        return link.call("look up node " + endpoint, () -> remember(endpoint, redis.getByEndpoint(endpoint)),
                () -> copy.getByEndpoint(endpoint));
    }

    @Override
    public SecurityInfo getByIdentity(String pskIdentity) {
        return link.call("look up PSK identity " + pskIdentity, () -> {
            SecurityInfo info = redis.getByIdentity(pskIdentity);
            if (info == null) {
                SecurityInfo stale = copy.getByIdentity(pskIdentity);
                if (stale != null) {
                    copy.remove(stale.getEndpoint(), false);
                }
                return null;
            }
            return remember(info.getEndpoint(), info);
        }, () -> copy.getByIdentity(pskIdentity));
    }

    @Override
    public SecurityInfo getByOscoreIdentity(OscoreIdentity identity) {
        return null;
    }

    @Override
    public Collection<SecurityInfo> getAll() {
        return link.call("list node credentials", redis::getAll, copy::getAll);
    }

    @Override
    public SecurityInfo add(SecurityInfo info) throws NonUniqueSecurityInfoException {
        SecurityInfo previous;
        try {
            previous = link.require("add node " + info.getEndpoint(), () -> {
                try {
                    return redis.add(info);
                } catch (NonUniqueSecurityInfoException e) {
                    throw new NonUnique(e);
                }
            });
        } catch (NonUnique e) {
            throw e.cause;
        }
        remember(info.getEndpoint(), info);
        return previous;
    }

    @Override
    public SecurityInfo remove(String endpoint, boolean infosAreCompromised) {
        copy.remove(endpoint, infosAreCompromised);
        configured.remove(endpoint);
        return link.require("remove node " + endpoint, () -> redis.remove(endpoint, infosAreCompromised));
    }

    @Override
    public void addListener(SecurityStoreListener listener) {
        redis.addListener(listener);
    }

    @Override
    public void removeListener(SecurityStoreListener listener) {
        redis.removeListener(listener);
    }

    private SecurityInfo remember(String endpoint, SecurityInfo info) {
        if (info == null) {
            copy.remove(endpoint, false);
            return null;
        }
        try {
            copy.add(info);
        } catch (NonUniqueSecurityInfoException e) {
            // Redis moved this PSK identity to another endpoint: Redis is right, the copy follows.
            SecurityInfo holder = copy.getByIdentity(info.getPskIdentity());
            if (holder != null) {
                copy.remove(holder.getEndpoint(), false);
            }
            try {
                copy.add(info);
            } catch (NonUniqueSecurityInfoException again) {
                throw new IllegalStateException("node " + endpoint + ": local credential copy inconsistent", again);
            }
        }
        return info;
    }

    /** After an outage: the configured entries Redis no longer has (it restarted empty) go back. */
    private void restoreConfigured() {
        List<SecurityInfo> missing = configured.values().stream()
                .filter(info -> redis.getByEndpoint(info.getEndpoint()) == null).toList();
        for (SecurityInfo info : missing) {
            try {
                redis.add(info);
            } catch (NonUniqueSecurityInfoException e) {
                LOG.error("node {}: configured credentials not restored in Redis at {}: {}", info.getEndpoint(),
                        link.where(), e.getMessage());
            }
        }
        if (!missing.isEmpty()) {
            LOG.warn("Redis at {} had lost {} configured node credential(s): written again", link.where(),
                    missing.size());
        }
    }

    /** Carries the checked exception through {@link RedisLink#require}. */
    private static final class NonUnique extends RuntimeException {
        private final NonUniqueSecurityInfoException cause;

        NonUnique(NonUniqueSecurityInfoException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }
}
