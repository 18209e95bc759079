package org.meternode.app.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import com.upokecenter.numbers.EDecimal;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.node.codec.CodecException;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.node.codec.LwM2mDecoder;
import org.eclipse.leshan.core.node.codec.LwM2mEncoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.senml.SenMLException;
import org.eclipse.leshan.senml.SenMLPack;
import org.eclipse.leshan.senml.SenMLRecord;
import org.eclipse.leshan.senml.cbor.upokecenter.SenMLCborUpokecenterEncoderDecoder;
import org.junit.jupiter.api.Test;
import org.meternode.app.outbox.StoredReading;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.Reading;
import org.meternode.app.reading.Reading.Quality;
import org.meternode.app.reading.ReadingStream;

/**
 * The node's compact SenML-CBOR Send: what the head-end's decoder (Leshan's default, unchanged) makes
 * of it is exactly what it makes of Leshan's default encoding of the same batch, in fewer bytes.
 * Batches are built by {@code Lwm2mNodeClient.encode}, as the node builds them.
 */
class CompactSendEncoderTest {
    /** An interval end of the example, 2026-11-27T13:35:00Z. */
    private static final Instant END = Instant.ofEpochSecond(1_795_738_500L);
    /** The four-reading Send of one 15-minute wake: energy, volume, current, power at one interval end. */
    private static final int EXAMPLE_BYTES_AT_MOST = 89;

    private static final LwM2mModel MODEL = new StaticModel(ObjectModels.all());
    private static final LwM2mEncoder NODE = CompactSendEncoder.clientEncoder();
    private static final LwM2mEncoder LESHAN_DEFAULT = new DefaultLwM2mEncoder();
    private static final LwM2mDecoder HEAD_END = new DefaultLwM2mDecoder();

    /** grid: energy + power; pv: energy + power; tap: water volume; ct: clamp current. */
    private static final Map<String, List<ReadingStream>> STREAMS = Lwm2mNodeClientTest.streams();
    private static final List<String> STREAM_NAMES = List.of("grid.energy", "grid.power", "pv.energy", "pv.power",
            "tap.volume", "ct.current");
    private static final Lwm2mNodeClient CLIENT = new Lwm2mNodeClient(new ClientSettings("meter-test",
            URI.create("coap://127.0.0.1:5683"), 1, Duration.ofMinutes(5), null, false, "meternode-test", "0.0.0",
            null, false), STREAMS, new StillNode(), java.time.Clock.systemUTC(), () -> { });

    @AfterContainer
    static void closeClient() {
        CLIENT.close();
    }

    @Test
    void the_four_reading_wake_is_at_most_89_bytes_instead_of_131() {
        List<StoredReading> wake = batch(
                reading("grid.energy", END, "12345.678", Quality.GOOD),
                reading("tap.volume", END, "456.789", Quality.GOOD),
                reading("ct.current", END, "4.21", Quality.GOOD),
                reading("grid.power", END, "924", Quality.GOOD));
        TimestampedLwM2mNodes nodes = CLIENT.encode(wake, false);

        byte[] compact = NODE.encodeTimestampedNodes(nodes, ContentFormat.SENML_CBOR, MODEL);
        byte[] leshan = LESHAN_DEFAULT.encodeTimestampedNodes(nodes, ContentFormat.SENML_CBOR, MODEL);

        System.out.printf("4-reading Send payload: %d B compact (%s), %d B Leshan default%n", compact.length,
                HexFormat.of().formatHex(compact), leshan.length);
        assertThat(leshan).hasSize(131);
        assertThat(compact.length).isLessThanOrEqualTo(EXAMPLE_BYTES_AT_MOST);
        CBORObject records = CBORObject.DecodeFromBytes(compact);
        CBORObject first = records.get(0);
        assertThat(first.get(-2).AsString()).as("base name: the prefix the four paths share").isEqualTo("/33");
        assertThat(first.get(-3).getType()).as("base time: a plain integer").isEqualTo(CBORType.Integer);
        assertThat(first.get(-3).AsInt64Value()).isEqualTo(END.getEpochSecond());
        for (int i = 1; i < records.size(); i++) {
            assertThat(records.get(i).getKeys()).as("record %d: name and value only", i)
                    .extracting(CBORObject::AsInt32Value).containsExactlyInAnyOrder(0, 2);
        }
        assertThat(decode(compact)).isEqualTo(decode(leshan)).isEqualTo(nodes);
    }

    @Test
    void several_intervals_qualities_and_the_announcement_decode_as_leshans_own_encoding() {
        List<StoredReading> backlog = batch(
                reading("grid.energy", END, "12345.678", Quality.INTERPOLATED),
                reading("grid.power", END, "924", Quality.INTERPOLATED),
                reading("tap.volume", END, "0", Quality.FAULT),
                reading("pv.power", END, "0", Quality.FAULT), // 3305 has no quality resource: left out
                reading("ct.current", END, "-0.0001", Quality.GOOD),
                reading("grid.energy", END.plusSeconds(900), "12345.909", Quality.GOOD),
                reading("ct.current", END.plusSeconds(900), "4.21", Quality.GOOD),
                reading("grid.energy", END.plusSeconds(1800), "12346.14", Quality.GOOD));
        TimestampedLwM2mNodes nodes = CLIENT.encode(backlog, true);

        byte[] compact = NODE.encodeTimestampedNodes(nodes, ContentFormat.SENML_CBOR, MODEL);
        byte[] leshan = LESHAN_DEFAULT.encodeTimestampedNodes(nodes, ContentFormat.SENML_CBOR, MODEL);

        System.out.printf("backlog of 3 intervals with qualities and the announcement: %d B compact, %d B Leshan%n",
                compact.length, leshan.length);
        TimestampedLwM2mNodes decoded = decode(compact);
        assertThat(decoded).isEqualTo(decode(leshan));
        assertThat(decoded.getTimestamps()).containsExactly(END, END.plusSeconds(900), END.plusSeconds(1800));
        // 284 B against 400 B: the announcement's six texts are most of what is left.
        assertThat(compact.length).isLessThan(leshan.length * 3 / 4);
    }

    @Test
    void an_announcement_alone_has_no_time_as_with_leshans_encoding() {
        TimestampedLwM2mNodes nodes = CLIENT.encode(List.of(), true);

        byte[] compact = NODE.encodeTimestampedNodes(nodes, ContentFormat.SENML_CBOR, MODEL);

        assertThat(decode(compact)).isEqualTo(nodes)
                .isEqualTo(decode(LESHAN_DEFAULT.encodeTimestampedNodes(nodes, ContentFormat.SENML_CBOR, MODEL)));
        assertThat(decode(compact).getTimestamps()).containsExactly((Instant) null);
    }

    @Property(tries = 300)
    void any_batch_decodes_at_the_head_end_as_leshans_own_encoding_and_is_never_longer(
            @ForAll("batches") List<StoredReading> batch, @ForAll boolean announce) throws SenMLException {
        TimestampedLwM2mNodes nodes = CLIENT.encode(batch, announce);
        if (nodes.isEmpty()) {
            return; // only faults of 3305: the node sends nothing
        }

        byte[] compact = NODE.encodeTimestampedNodes(nodes, ContentFormat.SENML_CBOR, MODEL);
        byte[] leshan = LESHAN_DEFAULT.encodeTimestampedNodes(nodes, ContentFormat.SENML_CBOR, MODEL);

        TimestampedLwM2mNodes decoded = decode(compact);
        assertThat(decoded).isEqualTo(decode(leshan));
        if (!announce) {
            assertThat(decoded).isEqualTo(nodes);
        }
        assertThat(compact.length).isLessThanOrEqualTo(leshan.length);
        assertThat(decimalsIn(compact)).as("decimal fractions on the wire are the readings' own decimals")
                .isSubsetOf(batch.stream().map(s -> s.reading().value().stripTrailingZeros()).collect(Collectors.toSet()));
    }

    @Test
    void each_value_takes_its_shortest_form_the_head_end_reads_back_exactly() {
        assertThat(hex(CompactSenMlCbor.smallestExact(924.0))).as("half float").isEqualTo("f96338");
        assertThat(hex(CompactSenMlCbor.smallestExact(0.0))).as("half float (upokecenter alone: single)")
                .isEqualTo("f90000");
        assertThat(hex(CompactSenMlCbor.smallestExact(-2.5))).isEqualTo("f9c100");
        assertThat(hex(CompactSenMlCbor.smallestExact(12345.0))).as("single float").isEqualTo("fa4640e400");
        assertThat(hex(CompactSenMlCbor.smallestExact(12345.678))).as("[-3, 12345678]").isEqualTo("c482221a00bc614e");
        assertThat(hex(CompactSenMlCbor.smallestExact(4.21))).as("[-2, 421]").isEqualTo("c482211901a5");
        assertThat(hex(CompactSenMlCbor.smallestExact(-4.21))).as("[-2, -421]").isEqualTo("c482213901a4");
        assertThat(hex(CompactSenMlCbor.smallestExact(1e-4))).as("[-4, 1]").isEqualTo("c4822301");
        assertThat(hex(CompactSenMlCbor.smallestExact(0.1 + 0.2))).as("17 digits: float64 is shorter")
                .isEqualTo("fb3fd3333333333334");
        assertThat(hex(CompactSenMlCbor.smallestExact(16_777_217.0))).as("a double's exact integer stays float64")
                .isEqualTo("fb4170000010000000");
    }

    @Test
    void the_head_ends_decoder_refuses_an_integer_for_a_float_resource() {
        byte[] integer = pack(CBORObject.FromObject(924));

        assertThatThrownBy(() -> decode(integer)).isInstanceOf(CodecException.class)
                .hasStackTraceContaining("Floating-point number expected");
    }

    @Test
    void the_head_ends_decoder_fails_on_a_decimal_fraction_that_a_double_holds_exactly() {
        byte[] fraction = pack(CBORObject.FromObject(EDecimal.FromString("2.5")));

        assertThatThrownBy(() -> decode(fraction)).isInstanceOf(CodecException.class)
                .hasStackTraceContaining("Not a floating-point type");
    }

    @Provide
    Arbitrary<List<StoredReading>> batches() {
        Arbitrary<BigDecimal> values = Arbitraries.oneOf(
                Arbitraries.of("12345.678", "0", "-0.0001", "0.0001", "924", "456.789", "4.21", "-17.5", "1E+6",
                        "0.1", "99999999.999", "16777217", "-3.4E+12", "12345678901234.5").map(BigDecimal::new),
                Combinators.combine(Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L),
                        Arbitraries.integers().between(-6, 3)).as(BigDecimal::valueOf));
        Arbitrary<Quality> qualities = Arbitraries.of(Quality.GOOD, Quality.GOOD, Quality.INTERPOLATED, Quality.FAULT);
        Arbitrary<List<Reading>> interval = Combinators.combine(
                Arbitraries.of(STREAM_NAMES).set().ofMinSize(1), values.list().ofSize(STREAM_NAMES.size()),
                qualities.list().ofSize(STREAM_NAMES.size()), Arbitraries.integers().between(0, 96),
                Arbitraries.integers().between(0, 999)).as((names, vs, qs, slot, millis) -> {
                    // mostly whole interval ends; sometimes a time with milliseconds
                    Instant at = END.plusSeconds(900L * slot).plusMillis(millis % 7 == 0 ? millis : 0);
                    List<Reading> readings = new ArrayList<>();
                    int i = 0;
                    for (String name : names) {
                        readings.add(Reading.of(name, at, vs.get(i), unit(name), qs.get(i)));
                        i++;
                    }
                    return readings;
                });
        return interval.list().ofMinSize(0).ofMaxSize(6).map(CompactSendEncoderTest::distinctTimes);
    }

    /** One group of readings per interval end (two groups drawn for the same end keep the first). */
    private static List<StoredReading> distinctTimes(List<List<Reading>> intervals) {
        Set<Instant> seen = new java.util.HashSet<>();
        List<Reading> readings = new ArrayList<>();
        for (List<Reading> group : intervals) {
            if (seen.add(group.get(0).at())) {
                readings.addAll(group);
            }
        }
        return batch(readings.toArray(Reading[]::new));
    }

    /** The decimal fractions (tag 4) a Send carries as values. */
    private static Set<BigDecimal> decimalsIn(byte[] cbor) throws SenMLException {
        SenMLPack pack = new SenMLCborUpokecenterEncoderDecoder().fromSenML(cbor);
        return pack.getRecords().stream().map(SenMLRecord::getNumberValue)
                .filter(BigDecimal.class::isInstance).map(v -> ((BigDecimal) v).stripTrailingZeros())
                .collect(Collectors.toSet());
    }

    private static TimestampedLwM2mNodes decode(byte[] cbor) {
        return HEAD_END.decodeTimestampedNodes(cbor, ContentFormat.SENML_CBOR, null, MODEL);
    }

    private static byte[] pack(CBORObject value) {
        CBORObject record = CBORObject.NewOrderedMap();
        record.Add(-2, "/3331/0/5700");
        record.Add(-3, END.getEpochSecond());
        record.Add(2, value);
        return CBORObject.NewArray().Add(record).EncodeToBytes();
    }

    private static String unit(String stream) {
        return switch (stream.substring(stream.indexOf('.') + 1)) {
        case "energy" -> "kWh";
        case "power" -> "W";
        case "volume" -> "m3";
        default -> "A";
        };
    }

    private static Reading reading(String stream, Instant at, String value, Quality quality) {
        return Reading.of(stream, at, new BigDecimal(value), unit(stream), quality);
    }

    private static List<StoredReading> batch(Reading... readings) {
        List<StoredReading> out = new ArrayList<>();
        for (int i = 0; i < readings.length; i++) {
            out.add(new StoredReading(i + 1, readings[i]));
        }
        return out;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
