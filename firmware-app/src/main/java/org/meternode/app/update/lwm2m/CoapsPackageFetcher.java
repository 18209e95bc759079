package org.meternode.app.update.lwm2m;

import java.io.IOException;
import java.net.URI;
import java.util.Set;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.exception.ConnectorException;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.meternode.app.update.PackageDownload;
import org.meternode.app.update.UpdateAgent;
import org.meternode.app.update.UpdateException;
import org.meternode.app.update.UpdateResult;

/**
 * Pulls a package over coaps (DTLS with the node's PSK, client-only) with CoAP block-wise GETs,
 * asking for each 1 KiB block explicitly and appending it to the download file, so a bundle of
 * many MB never sits in the heap. Plain coap only where the node itself runs insecure.
 */
public final class CoapsPackageFetcher implements UpdateAgent.Fetcher {
    private static final int BLOCK_SZX = BlockOption.size2Szx(1024);
    private static final long BLOCK_TIMEOUT_MS = 60_000;

    private final String pskIdentity;
    private final byte[] pskKey;
    private final boolean allowPlain;

    /** @param pskIdentity null when the node has no DTLS credentials (then only coap:// works) */
    public CoapsPackageFetcher(String pskIdentity, byte[] pskKey, boolean allowPlain) {
        this.pskIdentity = pskIdentity;
        this.pskKey = pskKey == null ? null : pskKey.clone();
        this.allowPlain = allowPlain;
    }

    public Set<String> schemes() {
        if (pskIdentity == null) {
            return allowPlain ? Set.of("coap") : Set.of();
        }
        return allowPlain ? Set.of("coaps", "coap") : Set.of("coaps");
    }

    @Override
    public void fetch(URI uri, PackageDownload into) throws UpdateException, IOException, InterruptedException {
        CoapEndpoint endpoint = endpoint(uri.getScheme());
        CoapClient client = new CoapClient(uri);
        try {
            endpoint.start();
            client.setEndpoint(endpoint);
            client.setTimeout(BLOCK_TIMEOUT_MS);
            download(client, uri, into);
        } finally {
            client.shutdown();
            endpoint.destroy();
        }
    }

    private static void download(CoapClient client, URI uri, PackageDownload into)
            throws UpdateException, IOException, InterruptedException {
        int num = 0;
        int szx = BLOCK_SZX;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Request get = Request.newGet();
            get.setURI(uri);
            get.getOptions().setBlock2(szx, false, num);
            CoapResponse response;
            try {
                response = client.advanced(get);
            } catch (ConnectorException e) {
                throw new IOException("cannot reach " + uri.getHost() + ": " + e.getMessage(), e);
            }
            if (response == null) {
                throw new IOException("no answer for block " + num + " of " + uri + " within "
                        + BLOCK_TIMEOUT_MS / 1000 + " s");
            }
            if (!response.isSuccess()) {
                UpdateResult result = response.getCode() == CoAP.ResponseCode.NOT_FOUND
                        || response.getCode() == CoAP.ResponseCode.FORBIDDEN
                        || response.getCode() == CoAP.ResponseCode.UNAUTHORIZED
                        ? UpdateResult.INVALID_URI : UpdateResult.CONNECTION_LOST;
                throw new UpdateException(result, uri + " answered " + response.getCode() + " for block " + num);
            }
            byte[] payload = response.getPayload();
            BlockOption block = response.getOptions().getBlock2();
            checkSequence(uri, block, num, szx, payload.length, into.bytes());
            into.append(payload, 0, payload.length);
            if (block == null || !block.isM()) {
                return;
            }
            // follow the server's block size if it chose a smaller one
            szx = block.getSzx();
            num = (int) ((block.getOffset() + payload.length) / block.getSize());
        }
    }

    /**
     * The block must be the one asked for, start where the file ends, be no larger than asked, and be
     * full unless it is the last: otherwise the server's bytes would land at the wrong offset.
     */
    static void checkSequence(URI uri, BlockOption block, int askedNum, int askedSzx, int length, long have)
            throws UpdateException {
        if (block == null) {
            if (askedNum != 0) {
                throw wrongBlock(uri, "answered block " + askedNum + " without a Block2 option");
            }
            return;
        }
        if (block.getSzx() > askedSzx) {
            throw wrongBlock(uri, "sent " + block.getSize() + "-byte blocks, larger than the "
                    + BlockOption.szx2Size(askedSzx) + " asked for");
        }
        if (block.getOffset() != have) {
            throw wrongBlock(uri, "sent block " + block.getNum() + " (offset " + block.getOffset() + ") when the next"
                    + " byte needed is " + have + " (block " + askedNum + " asked for)");
        }
        if (length > block.getSize() || (block.isM() && length != block.getSize())) {
            throw wrongBlock(uri, "sent " + length + " byte(s) in block " + block.getNum() + " of size "
                    + block.getSize() + (block.isM() ? " with more to come" : ""));
        }
    }

    private static UpdateException wrongBlock(URI uri, String what) {
        return new UpdateException(UpdateResult.INTEGRITY_CHECK_FAILURE, uri + " " + what
                + "; the block-wise transfer is out of sequence");
    }

    private CoapEndpoint endpoint(String scheme) {
        Configuration c = Configuration.createStandardWithoutFile();
        c.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        // 0 turns Californium's transparent block-wise reassembly off: we ask for every block ourselves.
        c.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 0);
        c.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        c.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        if (!"coaps".equalsIgnoreCase(scheme)) {
            return new CoapEndpoint.Builder().setConfiguration(c).build();
        }
        c.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        c.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
        c.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
        c.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
                CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256);
        c.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        c.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(c)
                .setAdvancedPskStore(new AdvancedSinglePskStore(pskIdentity, pskKey)).build();
        return new CoapEndpoint.Builder().setConfiguration(c).setConnector(new DTLSConnector(dtls)).build();
    }
}
