package org.meternode.tools.headend;

import java.util.List;
import java.util.Optional;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.server.resources.Resource;

/**
 * With shared registrations: a Register (POST /rd) is answered 5.03 Service Unavailable, with the
 * reason, when Redis does not answer, instead of Leshan's bare 5.00 from the failing store.
 * Updates, Sends and de-registrations pass: nodes this instance knows are served from its copy.
 */
final class RegistrationOutageGuard {
    static final String REASON = "registrations cannot be stored now (the head-end's registration store does not"
            + " answer); register again later";

    private RegistrationOutageGuard() {
    }

    static void install(Resource root, RedisLink redis) {
        GuardedResource.install(root, "rd", request -> refusal(request, redis), CoAP.ResponseCode.SERVICE_UNAVAILABLE);
    }

    static Optional<String> refusal(Request request, RedisLink redis) {
        List<String> path = request.getOptions().getUriPath();
        boolean register = request.getCode() == CoAP.Code.POST && path.size() == 1;
        return register && !redis.answers() ? Optional.of(REASON) : Optional.empty();
    }
}
