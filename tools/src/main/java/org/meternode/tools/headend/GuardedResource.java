package org.meternode.tools.headend;

import java.util.Optional;
import java.util.function.Function;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.resources.Resource;

/**
 * Stands in front of one of Leshan's CoAP resources ({@code rd}, {@code dp}) under the same name:
 * a request the check refuses is answered 4.00 (or the guard's code) with the check's message; every
 * other request goes to Leshan's resource unchanged. Sub-paths ({@code /rd/{id}}) come here too, as they went to Leshan's.
 */
final class GuardedResource extends CoapResource {
    private final Resource leshan;
    private final Function<Request, Optional<String>> check;
    private final CoAP.ResponseCode refusal;

    GuardedResource(Resource leshan, Function<Request, Optional<String>> check, CoAP.ResponseCode refusal) {
        super(leshan.getName());
        this.leshan = leshan;
        this.check = check;
        this.refusal = refusal;
        setVisible(leshan.isVisible());
    }

    /** Replaces the child {@code name} of {@code root} with a guard running {@code check} before it. */
    static void install(Resource root, String name, Function<Request, Optional<String>> check) {
        install(root, name, check, CoAP.ResponseCode.BAD_REQUEST);
    }

    /** {@link #install(Resource, String, Function)} answering {@code refusal} instead of 4.00. */
    static void install(Resource root, String name, Function<Request, Optional<String>> check,
            CoAP.ResponseCode refusal) {
        Resource leshan = root.getChild(name);
        if (leshan == null) {
            throw new IllegalStateException("head-end: Leshan has no /" + name + " resource to guard");
        }
        root.delete(leshan);
        root.add(new GuardedResource(leshan, check, refusal));
    }

    @Override
    public void handleRequest(Exchange exchange) {
        Optional<String> why = check.apply(exchange.getRequest());
        if (why.isPresent()) {
            Response response = new Response(refusal);
            response.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
            response.setPayload(why.get());
            exchange.sendResponse(response);
            return;
        }
        leshan.handleRequest(exchange);
    }

    @Override
    public Resource getChild(String name) {
        return leshan.getChild(name) == leshan ? this : leshan.getChild(name);
    }
}
