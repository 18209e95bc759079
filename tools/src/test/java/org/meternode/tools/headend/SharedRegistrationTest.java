package org.meternode.tools.headend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.testkit.services.RedisServer;

/**
 * Head-ends sharing registrations and credentials through a real redis-server, with nodes over
 * real DTLS (raw CoAP, so each answer code can be checked): failover, a vanished registration,
 * a Redis outage, and a bad --redis URI.
 */
class SharedRegistrationTest {
    private static final String LINKS = "</1/0>,</3/0>,</3305/0>";
    private static final byte[] KEY_1 = "shared-node-key1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_2 = "shared-node-key2".getBytes(StandardCharsets.US_ASCII);
    private static RedisServer redis;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start("shared-registrations");
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void emptyRedis() {
        redis.start();
        assertThat(redis.command("FLUSHALL")).isEqualTo("+OK");
    }

    private HeadEndOptions options(String name, List<PskEntry> psks) {
        return HeadEndOptions.psk(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                dir.resolve(name + ".db"), psks).withRedis(redis.uri());
    }

    @Test
    void a_node_added_and_registered_on_one_head_end_is_accepted_and_known_by_another() throws Exception {
        List<ReceivedReading> atB = new CopyOnWriteArrayList<>();
        try (HeadEnd a = new HeadEnd(options("a", List.of()), line -> { });
                HeadEnd b = new HeadEnd(options("b", List.of()), line -> { })) {
            a.start();
            b.start();
            b.onReading(atB::add);
            a.addPsk(new PskEntry("node-1", "id-1", KEY_1));
            String location;
            try (HostileNode toA = new HostileNode(a.uri(), "id-1", KEY_1)) {
                Response registered = toA.register("ep=node-1&lt=3600&lwm2m=1.1&b=U", LINKS);
                assertThat(registered.getCode()).isEqualTo(CoAP.ResponseCode.CREATED);
                location = registered.getOptions().getLocationPathString();
                assertThat(toA.send(reading(1)).getCode()).isEqualTo(CoAP.ResponseCode.CHANGED);
            }
            assertThat(b.isRegistered("node-1")).as("B sees the registration made through A").isTrue();
            assertThat(b.leshan().getRegistrationService().getByEndpoint("node-1").getId())
                    .isEqualTo(location.substring("rd/".length()));
            a.close();

            // The node now reaches B: new handshake (PSK found through Redis), its registration is Redis's.
            try (HostileNode toB = new HostileNode(b.uri(), "id-1", KEY_1)) {
                assertThat(toB.update(location).getCode()).isEqualTo(CoAP.ResponseCode.CHANGED);
                Response sent = toB.send(reading(2));
                assertThat(sent.getCode()).as(sent.getPayloadString()).isEqualTo(CoAP.ResponseCode.CHANGED);
            }
            assertThat(atB).extracting(ReceivedReading::endpoint).containsExactly("node-1");
            assertThat(b.store().readings("node-1", atB.get(0).channel())).hasSize(1);
        }
    }

    @Test
    void a_node_whose_registration_vanished_from_redis_gets_4_04_and_registers_again() throws Exception {
        List<ReceivedReading> got = new CopyOnWriteArrayList<>();
        try (HeadEnd a = new HeadEnd(options("a", List.of(new PskEntry("node-1", "id-1", KEY_1))), line -> { })) {
            a.onReading(got::add);
            a.start();
            try (HostileNode node = new HostileNode(a.uri(), "id-1", KEY_1)) {
                String location = node.register("ep=node-1&lt=3600&lwm2m=1.1&b=U", LINKS).getOptions()
                        .getLocationPathString();
                assertThat(node.send(reading(1)).getCode()).isEqualTo(CoAP.ResponseCode.CHANGED);

                assertThat(redis.command("DEL", "REG#EP#node-1")).isEqualTo(":1");

                Response send = node.send(reading(2));
                assertThat(send.getCode()).as("Leshan's answer to a Send without registration")
                        .isEqualTo(CoAP.ResponseCode.BAD_REQUEST);
                assertThat(send.getPayloadString()).isEqualTo("no registration found");
                assertThat(node.update(location).getCode()).isEqualTo(CoAP.ResponseCode.NOT_FOUND);
                assertThat(a.isRegistered("node-1")).as("the local copy does not resurrect it").isFalse();
                assertThat(node.register("ep=node-1&lt=3600&lwm2m=1.1&b=U", LINKS).getCode())
                        .isEqualTo(CoAP.ResponseCode.CREATED);
                assertThat(node.send(reading(3)).getCode()).isEqualTo(CoAP.ResponseCode.CHANGED);
            }
            assertThat(got).hasSize(2).extracting(ReceivedReading::value).containsExactly(101.0, 103.0);
        }
    }

    @Test
    void while_redis_is_down_new_nodes_get_5_03_known_nodes_keep_sending_and_afterwards_all_register()
            throws Exception {
        List<PskEntry> psks = List.of(new PskEntry("node-1", "id-1", KEY_1), new PskEntry("node-2", "id-2", KEY_2));
        List<ReceivedReading> got = new CopyOnWriteArrayList<>();
        try (HeadEnd a = started(new HeadEnd(options("a", psks), line -> { }), got);
                HostileNode known = new HostileNode(a.uri(), "id-1", KEY_1);
                HostileNode newcomer = new HostileNode(a.uri(), "id-2", KEY_2)) {
            assertThat(known.register("ep=node-1&lt=3600&lwm2m=1.1&b=U", LINKS).getCode())
                    .isEqualTo(CoAP.ResponseCode.CREATED);

            redis.stop();

            Response refused = newcomer.register("ep=node-2&lt=3600&lwm2m=1.1&b=U", LINKS);
            assertThat(refused.getCode()).isEqualTo(CoAP.ResponseCode.SERVICE_UNAVAILABLE);
            assertThat(refused.getPayloadString()).isEqualTo(RegistrationOutageGuard.REASON);
            for (int i = 1; i <= 3; i++) {
                Response sent = known.send(reading(i));
                assertThat(sent.getCode()).as(sent.getPayloadString()).isEqualTo(CoAP.ResponseCode.CHANGED);
            }
            assertThat(got).extracting(ReceivedReading::value).containsExactly(101.0, 102.0, 103.0);

            redis.start(); // empty: it has no persistence, as after a crash without a dump

            Response registered = newcomer.register("ep=node-2&lt=3600&lwm2m=1.1&b=U", LINKS);
            assertThat(registered.getCode()).as("configured credentials are written back to the empty Redis")
                    .isEqualTo(CoAP.ResponseCode.CREATED);
            assertThat(known.send(reading(4)).getCode()).as("Redis lost node-1's registration")
                    .isEqualTo(CoAP.ResponseCode.BAD_REQUEST);
            assertThat(known.register("ep=node-1&lt=3600&lwm2m=1.1&b=U", LINKS).getCode())
                    .isEqualTo(CoAP.ResponseCode.CREATED);
            assertThat(known.send(reading(5)).getCode()).isEqualTo(CoAP.ResponseCode.CHANGED);
            assertThat(got).extracting(ReceivedReading::value).containsExactly(101.0, 102.0, 103.0, 105.0);
        }
    }

    @Test
    void a_bad_or_unreachable_redis_uri_is_named_in_the_error() throws Exception {
        HeadEndOptions base = options("bad", List.of());
        assertThatThrownBy(() -> new HeadEnd(base.withRedis(URI.create("http://127.0.0.1:6379")), line -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--redis http://127.0.0.1:6379").hasMessageContaining("not a Redis URI");
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        URI nobody = URI.create("redis://:secret@127.0.0.1:" + closedPort);
        assertThatThrownBy(() -> new HeadEnd(base.withRedis(nobody), line -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--redis redis://127.0.0.1:" + closedPort + ": Redis does not answer")
                .hasMessageNotContaining("secret");
    }

    private static HeadEnd started(HeadEnd headEnd, List<ReceivedReading> readings) {
        headEnd.onReading(readings::add);
        headEnd.start();
        return headEnd;
    }

    /** One power reading (/3305/0/5800), {@code minutes} minutes ago, so each is a new row. */
    private static byte[] reading(int minutes) {
        return HostileNodeTest.SenMl.one("/3305/0/", "5800", CBORObject.FromObject(100.0 + minutes),
                HostileNodeTest.SenMl.V, CBORObject.FromObject(Instant.now().getEpochSecond() - 60L * minutes));
    }
}
