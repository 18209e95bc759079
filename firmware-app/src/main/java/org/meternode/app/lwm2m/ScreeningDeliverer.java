package org.meternode.app.lwm2m;

import java.util.List;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.MessageDeliverer;
import org.eclipse.leshan.core.link.lwm2m.attributes.DefaultLwM2mAttributeParser;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributeSet;
import org.meternode.app.events.SecurityEvents;

/**
 * Screens a server's CoAP requests before Leshan's resources see them, for what those resources
 * answer badly. Write-Attributes: Leshan answers an unparsable query 4.00 and then goes on to handle
 * the request as a Write (a second answer, and a warning with a stack trace in the log each time),
 * and a repeated attribute ({@code pmin=5&pmin=5}) throws past it as a 5.00. Here either is one
 * 4.00 naming the attribute, recorded as a refused request (object 26250).
 */
final class ScreeningDeliverer implements MessageDeliverer {
    private final MessageDeliverer inner;
    private final SecurityEvents events;
    private final DefaultLwM2mAttributeParser attributes = new DefaultLwM2mAttributeParser();

    ScreeningDeliverer(MessageDeliverer inner, SecurityEvents events) {
        this.inner = inner;
        this.events = events;
    }

    @Override
    public void deliverRequest(Exchange exchange) {
        Request request = exchange.getRequest();
        String refused = refusal(request);
        if (refused == null) {
            inner.deliverRequest(exchange);
            return;
        }
        events.record(SecurityEvents.REQUEST_REFUSED, "write-attributes /" + request.getOptions().getUriPathString()
                + " refused: " + CoAP.ResponseCode.BAD_REQUEST + " " + refused);
        Response response = new Response(CoAP.ResponseCode.BAD_REQUEST);
        response.setPayload(refused);
        response.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
        exchange.sendResponse(response);
    }

    /** Why the request cannot be handled, or null. */
    private String refusal(Request request) {
        if (request.getCode() != CoAP.Code.PUT || request.getOptions().getURIQueryCount() == 0) {
            return null;
        }
        List<String> query = request.getOptions().getUriQuery();
        try {
            new LwM2mAttributeSet(attributes.parseQueryParams(query));
            return null;
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return "invalid attributes: " + RefusingDecoder.oneLine(why);
        }
    }

    @Override
    public void deliverResponse(Exchange exchange, Response response) {
        inner.deliverResponse(exchange, response);
    }
}
