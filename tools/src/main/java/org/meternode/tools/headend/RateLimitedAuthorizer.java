package org.meternode.tools.headend;

import org.eclipse.leshan.core.peer.LwM2mPeer;
import org.eclipse.leshan.core.peer.PskIdentity;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.eclipse.leshan.core.request.UplinkRequest;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.security.Authorization;
import org.eclipse.leshan.server.security.Authorizer;

/**
 * Leshan's authorizer (endpoint must match the DTLS identity) plus a registration rate limit per
 * DTLS identity: a node re-registering in a loop is declined (Leshan answers 4.03) once its bucket
 * is empty, and cannot make the head-end rebuild its registration without end.
 */
final class RateLimitedAuthorizer implements Authorizer {
    private final Authorizer delegate;
    private final TokenBucketLimiter registrations;

    RateLimitedAuthorizer(Authorizer delegate, TokenBucketLimiter registrations) {
        this.delegate = delegate;
        this.registrations = registrations;
    }

    @Override
    public Authorization isAuthorized(UplinkRequest<?> request, Registration registration, LwM2mPeer sender) {
        Authorization verdict = delegate.isAuthorized(request, registration, sender);
        if (verdict.isApproved() && (request instanceof RegisterRequest || request instanceof UpdateRequest)
                && !registrations.tryAcquire(key(sender))) {
            return Authorization.declined();
        }
        return verdict;
    }

    private static String key(LwM2mPeer sender) {
        return sender.getIdentity() instanceof PskIdentity psk ? "psk:" + psk.getPskIdentity()
                : String.valueOf(sender.getIdentity());
    }
}
