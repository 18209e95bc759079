package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.MessageCallback;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.tools.headend.PskEntry;

/**
 * A client that holds a valid PSK but offers only a suite other than the LwM2M-mandatory CCM_8
 * one (GCM, CBC) is refused by the head-end at the handshake; the same client offering
 * TLS_PSK_WITH_AES_128_CCM_8 gets through, so the refusals are about the suite alone.
 */
class DowngradeIT {
    private static final String EP = "meter-downgrade";
    private static final byte[] KEY = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10");

    @TempDir
    Path dir;

    @Test
    void head_end_refuses_every_suite_but_ccm8() throws Exception {
        try (RigHeadEnd rig = new RigHeadEnd(dir.resolve("he.db"), 0, new PskEntry(EP, EP, KEY))) {
            InetSocketAddress headEnd = new InetSocketAddress(InetAddress.getLoopbackAddress(), rig.port());

            assertThat(handshake(headEnd, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)).as("CCM_8 control").isNull();
            for (CipherSuite weaker : List.of(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256,
                    CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256, CipherSuite.TLS_PSK_WITH_AES_128_CCM)) {
                Throwable refused = handshake(headEnd, weaker);
                System.out.println("client offering only " + weaker + ": " + refused + "; head-end: "
                        + rig.headEnd.handshakes().lastFailure());
                assertThat(refused).as(weaker.name()).isInstanceOf(HandshakeException.class);
                assertThat(((HandshakeException) refused).getAlert().getDescription().name())
                        .isEqualTo("HANDSHAKE_FAILURE");
                // The head-end logs its side after the alert left it: wait for that record.
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(rig.headEnd.handshakes().lastFailure()).containsIgnoringCase("cipher suite"));
            }
            assertThat(rig.headEnd.handshakes().fullHandshakes()).isEqualTo(1);
        }
    }

    /** Runs one handshake offering only {@code suite}; null when it succeeded, else why it failed. */
    private static Throwable handshake(InetSocketAddress server, CipherSuite suite) throws Exception {
        Configuration configuration = Configuration.createStandardWithoutFile();
        DtlsConnectorConfig config = DtlsConnectorConfig.builder(configuration)
                .set(DtlsConfig.DTLS_ROLE, DtlsRole.CLIENT_ONLY)
                .set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false)
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, suite)
                .set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 1)
                .setAdvancedPskStore(new AdvancedSinglePskStore(EP, KEY))
                .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .build();
        DTLSConnector client = new DTLSConnector(config);
        client.setRawDataReceiver(data -> { });
        client.start();
        try {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            client.send(RawData.outbound(new byte[] {0x40, 0x00, 0x00, 0x01}, new AddressEndpointContext(server),
                    new MessageCallback() {
                        @Override
                        public void onConnecting() {
                        }

                        @Override
                        public void onDtlsRetransmission(int flight) {
                        }

                        @Override
                        public void onContextEstablished(EndpointContext context) {
                        }

                        @Override
                        public void onSent() {
                            outcome.complete(null);
                        }

                        @Override
                        public void onError(Throwable error) {
                            outcome.complete(error);
                        }
                    }, false));
            return outcome.get(20, TimeUnit.SECONDS);
        } finally {
            client.destroy();
        }
    }

    static {
        DtlsConfig.register();
    }
}
