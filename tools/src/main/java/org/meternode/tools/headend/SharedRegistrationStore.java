package org.meternode.tools.headend;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.leshan.core.Destroyable;
import org.eclipse.leshan.core.Startable;
import org.eclipse.leshan.core.Stoppable;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.ObservationIdentifier;
import org.eclipse.leshan.core.peer.LwM2mIdentity;
import org.eclipse.leshan.server.redis.RedisRegistrationStore;
import org.eclipse.leshan.server.registration.Deregistration;
import org.eclipse.leshan.server.registration.ExpirationListener;
import org.eclipse.leshan.server.registration.InMemoryRegistrationStore;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationStore;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.eclipse.leshan.server.registration.UpdatedRegistration;

/**
 * Registrations (and observations) shared by every head-end on one Redis
 * ({@link RedisRegistrationStore}), with a copy of the registrations this instance served. Redis
 * is the truth whenever it answers: a registration it no longer has is dropped from the copy, so
 * the node gets 4.04 and registers again. While Redis does not answer, the copy serves lookups
 * and updates of the nodes this instance knows; a new registration cannot be stored and fails
 * ({@link RedisLink.Unavailable}; the head-end answers 5.03 before it gets that far).
 */
final class SharedRegistrationStore implements RegistrationStore, Startable, Stoppable, Destroyable {
    private final RedisLink link;
    private final RedisRegistrationStore redis;
    private final InMemoryRegistrationStore copy = new InMemoryRegistrationStore();

    SharedRegistrationStore(RedisLink link) {
        this.link = link;
        this.redis = new RedisRegistrationStore(link.pool());
    }

    @Override
    public Deregistration addRegistration(Registration registration) {
        Deregistration previous = link.require("store the registration of node " + registration.getEndpoint(),
                () -> redis.addRegistration(registration));
        copy.addRegistration(registration);
        return previous;
    }

    @Override
    public UpdatedRegistration updateRegistration(RegistrationUpdate update) {
        return link.call("update registration " + update.getRegistrationId(), () -> {
            UpdatedRegistration updated = redis.updateRegistration(update);
            if (updated == null) {
                copy.removeRegistration(update.getRegistrationId());
            } else {
                copy.addRegistration(updated.getUpdatedRegistration());
            }
            return updated;
        }, () -> copy.updateRegistration(update));
    }

    @Override
    public Registration getRegistration(String registrationId) {
        return lookup("find registration " + registrationId, () -> redis.getRegistration(registrationId),
                () -> copy.getRegistration(registrationId), false);
    }

    @Override
    public Registration getRegistrationByEndpoint(String endpoint) {
        return lookup("find the registration of node " + endpoint, () -> redis.getRegistrationByEndpoint(endpoint),
                () -> copy.getRegistrationByEndpoint(endpoint), false);
    }

    @Override
    public Registration getRegistrationByAdress(InetSocketAddress address) {
        return lookup("find the registration from " + address, () -> redis.getRegistrationByAdress(address),
                () -> copy.getRegistrationByAdress(address), true);
    }

    @Override
    public Registration getRegistrationByIdentity(LwM2mIdentity identity) {
        return lookup("find the registration of " + identity, () -> redis.getRegistrationByIdentity(identity),
                () -> copy.getRegistrationByIdentity(identity), true);
    }

    /**
     * Redis's answer, kept in the copy when {@code fromNode} (the node talks to this instance);
     * the copy's own when Redis is down. A copy Redis no longer has is dropped.
     */
    private Registration lookup(String what, Supplier<Registration> fromRedis, Supplier<Registration> fromCopy,
            boolean fromNode) {
        return link.call(what, () -> {
            Registration found = fromRedis.get();
            Registration local = fromCopy.get();
            if (found == null && local != null) {
                copy.removeRegistration(local.getId());
            } else if (found != null && (fromNode || local != null)) {
                copy.addRegistration(found);
            }
            return found;
        }, () -> alive(fromCopy.get()));
    }

    private static Registration alive(Registration r) {
        return r != null && r.isAlive() ? r : null;
    }

    @Override
    public Iterator<Registration> getAllRegistrations() {
        return link.call("list registrations", () -> {
            List<Registration> all = new ArrayList<>();
            redis.getAllRegistrations().forEachRemaining(all::add);
            return all.iterator();
        }, () -> {
            List<Registration> all = new ArrayList<>();
            copy.getAllRegistrations().forEachRemaining(r -> {
                if (r.isAlive()) {
                    all.add(r);
                }
            });
            return all.iterator();
        });
    }

    @Override
    public Deregistration removeRegistration(String registrationId) {
        Deregistration local = copy.removeRegistration(registrationId);
        return link.call("remove registration " + registrationId, () -> redis.removeRegistration(registrationId),
                () -> local);
    }

    @Override
    public Collection<Observation> addObservation(String registrationId, Observation observation,
            boolean addIfAbsent) {
        return link.require("store an observation of registration " + registrationId,
                () -> redis.addObservation(registrationId, observation, addIfAbsent));
    }

    @Override
    public Observation removeObservation(String registrationId, ObservationIdentifier observationId) {
        return link.call("remove an observation", () -> redis.removeObservation(registrationId, observationId),
                () -> null);
    }

    @Override
    public Observation getObservation(String registrationId, ObservationIdentifier observationId) {
        return link.call("find an observation", () -> redis.getObservation(registrationId, observationId),
                () -> null);
    }

    @Override
    public Observation getObservation(ObservationIdentifier observationId) {
        return link.call("find an observation", () -> redis.getObservation(observationId), () -> null);
    }

    @Override
    public Collection<Observation> getObservations(String registrationId) {
        return link.call("list observations", () -> redis.getObservations(registrationId), List::of);
    }

    @Override
    public Collection<Observation> removeObservations(String registrationId) {
        return link.call("remove observations", () -> redis.removeObservations(registrationId), List::of);
    }

    @Override
    public void setExpirationListener(ExpirationListener listener) {
        redis.setExpirationListener(listener);
    }

    @Override
    public void start() {
        redis.start();
    }

    @Override
    public void stop() {
        redis.stop();
    }

    @Override
    public void destroy() {
        redis.destroy();
        copy.destroy();
    }
}
