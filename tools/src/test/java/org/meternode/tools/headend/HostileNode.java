package org.meternode.tools.headend;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * A node that speaks raw CoAP over real DTLS (PSK) to the head-end, so a test can put any bytes in
 * a Send or any query and link text in a registration: what a compromised or buggy node could do.
 */
final class HostileNode implements AutoCloseable {
    static final int SENML_CBOR = 112;
    private final CoapEndpoint endpoint;
    private final URI headEnd;

    HostileNode(URI headEnd, String identity, byte[] key) {
        DtlsConfig.register();
        CoapConfig.register();
        Configuration config = Configuration.createStandardWithoutFile();
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        config.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
        config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
        config.set(CoapConfig.MAX_ACTIVE_PEERS, 10);
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key))
                .build();
        this.endpoint = new CoapEndpoint.Builder().setConfiguration(config).setConnector(new DTLSConnector(dtls))
                .build();
        this.headEnd = headEnd;
        try {
            endpoint.start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("hostile node: cannot start its DTLS endpoint", e);
        }
    }

    /** POST /dp (LwM2M Send) with {@code payload} as SenML-CBOR; null when nothing came back in time. */
    Response send(byte[] payload) throws InterruptedException {
        return send(payload, 10_000);
    }

    /** As {@link #send(byte[])}, waiting at most {@code timeoutMs} for the answer. */
    Response send(byte[] payload, long timeoutMs) throws InterruptedException {
        Request request = Request.newPost();
        request.setURI(headEnd.resolve("/dp"));
        request.getOptions().setContentFormat(SENML_CBOR);
        request.setPayload(payload);
        return exchange(request, timeoutMs);
    }

    /** POST /rd?{query} with {@code links} as CoRE link format. */
    Response register(String query, String links) throws InterruptedException {
        Request request = Request.newPost();
        request.setURI(headEnd.resolve("/rd"));
        request.getOptions().setUriQuery(query);
        request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_LINK_FORMAT);
        request.setPayload(links.getBytes(StandardCharsets.UTF_8));
        return exchange(request, 10_000);
    }

    /** POST /{location} (a registration update, location as the Register answer gave it). */
    Response update(String location) throws InterruptedException {
        Request request = Request.newPost();
        request.setURI(headEnd.resolve("/" + location));
        return exchange(request, 10_000);
    }

    private Response exchange(Request request, long timeoutMs) throws InterruptedException {
        request.send(endpoint);
        Response response = request.waitForResponse(timeoutMs);
        if (response == null) {
            request.cancel();
        }
        return response;
    }

    static boolean isClientError(Response r) {
        return r != null && r.getCode().isClientError();
    }

    @Override
    public void close() {
        endpoint.destroy();
    }
}
