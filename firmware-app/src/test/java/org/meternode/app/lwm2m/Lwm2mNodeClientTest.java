package org.meternode.app.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.meternode.app.outbox.StoredReading;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.ReadingStream;
import org.meternode.app.reading.Reading;
import org.meternode.app.reading.Reading.Quality;

/**
 * The LwM2M client's mapping of outbox batches to SenML records (paths, values, timestamps,
 * quality, announcements), and that building a client does not touch the network.
 */
class Lwm2mNodeClientTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(900);
    private static final Instant T2 = T1.plusSeconds(900);
    private static final String ENDPOINT = "meter-test";

    /** grid, pv: electricity; tap: water; ct: clamp. Instances are numbered per object in this order. */
    private static final Map<String, List<ReadingStream>> STREAMS = streams();

    private Lwm2mNodeClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void building_the_client_does_not_start_networking_only_start_does() throws Exception {
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Set<Thread> before = Thread.getAllStackTraces().keySet();

            client = client(URI.create("coap://127.0.0.1:" + server.getLocalPort()));

            Set<String> started = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                    .filter(Thread::isAlive).map(Thread::getName).collect(Collectors.toSet());
            assertThat(started).as("threads started by the constructor").isEmpty();
            assertThat(client.isReady()).isFalse();
            assertThat(client.registrationProblem()).isEqualTo("not registered yet");
            server.setSoTimeout(1); // the socket's queue, not a wait: nothing can be in flight without a thread
            assertThat(receive(server)).as("datagram before start()").isNull();

            client.start();

            server.setSoTimeout(10_000);
            byte[] register = receive(server);
            assertThat(register).as("registration request after start()").isNotNull();
            String text = new String(register, StandardCharsets.ISO_8859_1);
            assertThat(text).contains("rd").contains("ep=" + ENDPOINT);
            assertThat(register[1]).as("CoAP code POST").isEqualTo((byte) 0x02);
        }
    }

    @Test
    void requests_carry_two_byte_tokens() throws Exception {
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            client = client(URI.create("coap://127.0.0.1:" + server.getLocalPort()));

            client.start();

            server.setSoTimeout(10_000);
            byte[] register = receive(server);
            assertThat(register).as("registration request").isNotNull();
            assertThat(register[0] & 0x0f).as("CoAP token length (TKL)").isEqualTo(DtlsSettings.TOKEN_BYTES);
        }
    }

    @Test
    void each_reading_becomes_a_timestamped_value_on_its_instances_resource() {
        client = client(URI.create("coap://127.0.0.1:5683"));
        List<StoredReading> batch = batch(
                reading("grid.energy", T0, 1234, -3, "kWh", Quality.GOOD),
                reading("grid.power", T0, 1000, 0, "W", Quality.GOOD),
                reading("pv.energy", T0, 5, -1, "kWh", Quality.GOOD),
                reading("pv.power", T0, 125, -1, "W", Quality.GOOD),
                reading("tap.volume", T0, 617, -3, "m3", Quality.GOOD),
                reading("ct.current", T0, 42, -1, "A", Quality.GOOD),
                reading("grid.energy", T1, 1484, -3, "kWh", Quality.GOOD));

        TimestampedLwM2mNodes nodes = client.encode(batch, false);

        assertThat(nodes.getTimestamps()).containsExactlyInAnyOrder(T0, T1);
        assertThat(values(nodes.getNodesAt(T0))).containsOnly(
                entry("/3331/0/5700", 1.234),
                entry("/3305/0/5800", 1000.0),
                entry("/3331/1/5700", 0.5),
                entry("/3305/1/5800", 12.5),
                entry("/3300/0/5700", 0.617),
                entry("/3317/0/5700", 4.2));
        assertThat(values(nodes.getNodesAt(T1))).containsOnly(entry("/3331/0/5700", 1.484));
    }

    @Test
    void interpolated_and_fault_readings_carry_a_quality_indicator_where_the_object_has_one() {
        client = client(URI.create("coap://127.0.0.1:5683"));
        List<StoredReading> batch = batch(
                reading("grid.energy", T0, 1250, -3, "kWh", Quality.INTERPOLATED),
                reading("grid.power", T0, 1000, 0, "W", Quality.INTERPOLATED),
                reading("tap.volume", T1, 0, 0, "m3", Quality.FAULT),
                reading("pv.power", T1, 0, 0, "W", Quality.FAULT),
                reading("ct.current", T1, 42, -1, "A", Quality.GOOD),
                reading("grid.energy", T2, 1500, -3, "kWh", Quality.GOOD));

        TimestampedLwM2mNodes nodes = client.encode(batch, false);

        assertThat(values(nodes.getNodesAt(T0))).containsOnly(
                entry("/3331/0/5700", 1.25),
                entry("/3331/0/6042", 3L),
                // 3305 Power Measurement defines no 6042: the value goes alone.
                entry("/3305/0/5800", 1000.0));
        // A fault on 3305 (no 6042) is left out rather than sent as a plausible 0 W.
        assertThat(values(nodes.getNodesAt(T1))).containsOnly(
                entry("/3300/0/5700", 0.0),
                entry("/3300/0/6042", 1L),
                entry("/3317/0/5700", 4.2));
        assertThat(values(nodes.getNodesAt(T2))).containsOnly(entry("/3331/0/5700", 1.5));
    }

    @Test
    void announcements_name_every_instance_without_a_timestamp_only_when_asked() {
        client = client(URI.create("coap://127.0.0.1:5683"));
        List<StoredReading> batch = batch(reading("grid.energy", T0, 1234, -3, "kWh", Quality.GOOD));

        TimestampedLwM2mNodes announced = client.encode(batch, true);
        TimestampedLwM2mNodes plain = client.encode(batch, false);

        assertThat(announced.getTimestamps()).containsExactlyInAnyOrder(T0, null);
        assertThat(values(announced.getNodesAt(null))).containsOnly(
                entry("/3331/0/5750", "grid"),
                entry("/3305/0/5750", "grid"),
                entry("/3331/1/5750", "pv"),
                entry("/3305/1/5750", "pv"),
                entry("/3300/0/5750", "tap"),
                entry("/3317/0/5750", "ct"));
        assertThat(values(announced.getNodesAt(T0))).containsOnly(entry("/3331/0/5700", 1.234));
        assertThat(plain.getTimestamps()).containsExactly(T0);
        assertThat(plain.getNodes().keySet()).extracting(LwM2mPath::toString).noneMatch(p -> p.endsWith("/5750"));
    }

    @Test
    void a_reading_of_a_stream_without_an_instance_is_refused_by_name() {
        client = client(URI.create("coap://127.0.0.1:5683"));

        assertThatThrownBy(() -> client.encode(batch(reading("old.energy", T0, 1, 0, "kWh", Quality.GOOD)), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'old.energy'");
    }

    @Test
    void readings_of_a_stream_that_no_longer_exists_are_rejected_by_sequence_before_any_send() throws Exception {
        client = client(URI.create("coap://127.0.0.1:5683"));
        List<StoredReading> batch = List.of(
                new StoredReading(1, reading("grid.energy", T0, 1, 0, "kWh", Quality.GOOD)),
                new StoredReading(2, reading("old.energy", T0, 1, 0, "kWh", Quality.GOOD)),
                new StoredReading(3, reading("old.energy", T0.plusSeconds(60), 2, 0, "kWh", Quality.GOOD)));

        var outcome = client.send(batch, Duration.ofSeconds(1));

        assertThat(outcome.kind()).isEqualTo(org.meternode.app.uplink.ReadingTransport.Outcome.Kind.REJECTED);
        assertThat(outcome.rejected()).containsExactly(2L, 3L);
        assertThat(outcome.detail()).contains("'old.energy'");
    }

    @Test
    void send_before_registration_fails_without_touching_the_network() throws Exception {
        client = client(URI.create("coap://127.0.0.1:5683"));

        var outcome = client.send(batch(reading("grid.energy", T0, 1, 0, "kWh", Quality.GOOD)),
                Duration.ofSeconds(1));

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.detail()).startsWith("not registered");
    }

    @Test
    void senml_cbor_of_one_reading_is_small_and_decodes_back() {
        client = client(URI.create("coap://127.0.0.1:5683"));
        StaticModel model = new StaticModel(ObjectModels.all());
        DefaultLwM2mEncoder encoder = new DefaultLwM2mEncoder();
        List<StoredReading> one = batch(reading("grid.energy", T0, 1234, -3, "kWh", Quality.GOOD));

        TimestampedLwM2mNodes nodes = client.encode(one, false);
        byte[] cbor = encoder.encodeTimestampedNodes(nodes, ContentFormat.SENML_CBOR, model);
        byte[] announced = encoder.encodeTimestampedNodes(client.encode(one, true), ContentFormat.SENML_CBOR, model);
        byte[] interpolated = encoder.encodeTimestampedNodes(
                client.encode(batch(reading("grid.energy", T0, 1234, -3, "kWh", Quality.INTERPOLATED)), false),
                ContentFormat.SENML_CBOR, model);

        System.out.printf("SenML-CBOR: one reading %d bytes; with 6042 quality %d bytes; with the 6 announcements"
                + " %d bytes%n", cbor.length, interpolated.length, announced.length);
        System.out.println("SenML-CBOR one reading: " + hex(cbor));
        assertThat(cbor.length).isLessThan(100);
        TimestampedLwM2mNodes decoded = new DefaultLwM2mDecoder().decodeTimestampedNodes(cbor,
                ContentFormat.SENML_CBOR, null, model);
        assertThat(decoded.getTimestamps()).containsExactly(T0);
        assertThat(values(decoded.getNodesAt(T0))).containsOnly(entry("/3331/0/5700", 1.234));
    }

    private static Lwm2mNodeClient client(URI server) {
        ClientSettings settings = new ClientSettings(ENDPOINT, server, 1, Duration.ofMinutes(5), null, false,
                "meternode-test", "0.0.0", null, false);
        return new Lwm2mNodeClient(settings, STREAMS, new StillNode(), java.time.Clock.systemUTC(), () -> { });
    }

    private static byte[] receive(DatagramSocket socket) throws java.io.IOException {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        try {
            socket.receive(packet);
        } catch (java.net.SocketTimeoutException e) {
            return null;
        }
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }

    private static Map<String, Object> values(Map<LwM2mPath, LwM2mNode> nodes) {
        Map<String, Object> out = new LinkedHashMap<>();
        nodes.forEach((path, node) -> out.put(path.toString(), ((LwM2mSingleResource) node).getValue()));
        return out;
    }

    private static List<StoredReading> batch(Reading... readings) {
        List<StoredReading> out = new java.util.ArrayList<>();
        for (int i = 0; i < readings.length; i++) {
            out.add(new StoredReading(i + 1, readings[i]));
        }
        return out;
    }

    private static Reading reading(String stream, Instant at, long mantissa, int exponent, String unit, Quality q) {
        return new Reading(stream, at, mantissa, exponent, unit, q);
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    /** Four channels with the streams the encoder tests use too. */
    static Map<String, List<ReadingStream>> streams() {
        Map<String, List<ReadingStream>> s = new LinkedHashMap<>();
        s.put("grid", List.of(ReadingStream.of(Quantity.ENERGY), ReadingStream.of(Quantity.POWER)));
        s.put("pv", List.of(ReadingStream.of(Quantity.ENERGY), ReadingStream.of(Quantity.POWER)));
        s.put("tap", List.of(ReadingStream.of(Quantity.VOLUME)));
        s.put("ct", List.of(ReadingStream.of(Quantity.CURRENT)));
        return s;
    }
}
