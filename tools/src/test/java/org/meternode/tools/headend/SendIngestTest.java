package org.meternode.tools.headend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Instant;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One LwM2M Send, built by hand with Leshan's types, turned into named readings in the store. */
class SendIngestTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(900);
    private static final String NODE = "meter-1";

    @TempDir
    Path dir;

    private ReadingStore store;
    private SendIngest ingest;

    @BeforeEach
    void open() {
        store = org.meternode.tools.headend.sqlite.SqliteReadingStore.open(dir.resolve("headend.db"));
        ingest = new SendIngest(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void announced_instances_name_the_streams_of_the_same_send() {
        TimestampedLwM2mNodes send = TimestampedLwM2mNodes.builder()
                .put(T0, path(3331, 0, 5700), floatValue(5700, 1.234))
                .put(T0, path(3305, 0, 5800), floatValue(5800, 1000))
                .put(T0, path(3300, 0, 5700), floatValue(5700, 0.617))
                .put(T0, path(3317, 0, 5700), floatValue(5700, 4.2))
                .put(path(3331, 0, 5750), LwM2mSingleResource.newStringResource(5750, "grid"))
                .put(path(3305, 0, 5750), LwM2mSingleResource.newStringResource(5750, "grid"))
                .put(path(3300, 0, 5750), LwM2mSingleResource.newStringResource(5750, "tap"))
                .put(path(3317, 0, 5750), LwM2mSingleResource.newStringResource(5750, "mains"))
                .build();

        StoreResult result = ingest.ingest(NODE, send);

        assertThat(result.inserted()).extracting(ReceivedReading::channel, ReceivedReading::value,
                ReceivedReading::unit, ReceivedReading::quality, ReceivedReading::path, ReceivedReading::at)
                .containsExactlyInAnyOrder(
                        tuple("grid.energy", 1.234, "kWh", "GOOD", "/3331/0/5700", T0),
                        tuple("grid.power", 1000.0, "W", "GOOD", "/3305/0/5800", T0),
                        tuple("tap.volume", 0.617, "m3", "GOOD", "/3300/0/5700", T0),
                        tuple("mains.current", 4.2, "A", "GOOD", "/3317/0/5700", T0));
        assertThat(store.readings(NODE, "grid.energy")).extracting(ReceivedReading::endpoint).containsExactly(NODE);
        assertThat(store.channelOf(NODE, 3317, 0)).contains("mains");
    }

    @Test
    void names_announced_in_an_earlier_send_are_remembered() {
        ingest.ingest(NODE, TimestampedLwM2mNodes.builder()
                .put(T0, path(3331, 1, 5700), floatValue(5700, 2.5))
                .put(path(3331, 1, 5750), LwM2mSingleResource.newStringResource(5750, "pv")).build());

        StoreResult later = ingest.ingest(NODE, TimestampedLwM2mNodes.builder()
                .put(T1, path(3331, 1, 5700), floatValue(5700, 2.75)).build());

        assertThat(later.inserted()).extracting(ReceivedReading::channel).containsExactly("pv.energy");
        assertThat(store.readings(NODE, "pv.energy")).extracting(ReceivedReading::value).containsExactly(2.5, 2.75);
    }

    @Test
    void readings_at_several_times_are_all_stored() {
        store.nameInstance(NODE, 3331, 0, "grid");

        ingest.ingest(NODE, TimestampedLwM2mNodes.builder()
                .put(T1, path(3331, 0, 5700), floatValue(5700, 1.5))
                .put(T0, path(3331, 0, 5700), floatValue(5700, 1.25)).build());

        assertThat(store.readings(NODE, "grid.energy")).extracting(ReceivedReading::at, ReceivedReading::value)
                .containsExactly(tuple(T0, 1.25), tuple(T1, 1.5));
    }

    @Test
    void the_quality_indicator_at_the_same_time_sets_the_quality_of_its_instance_only() {
        store.nameInstance(NODE, 3331, 0, "grid");
        store.nameInstance(NODE, 3331, 1, "pv");
        store.nameInstance(NODE, 3300, 0, "tap");

        ingest.ingest(NODE, TimestampedLwM2mNodes.builder()
                .put(T0, path(3331, 0, 5700), floatValue(5700, 1.25))
                .put(T0, path(3331, 0, 6042), LwM2mSingleResource.newIntegerResource(6042, 3))
                .put(T0, path(3331, 1, 5700), floatValue(5700, 7.0))
                .put(T0, path(3300, 0, 5700), floatValue(5700, 0))
                .put(T0, path(3300, 0, 6042), LwM2mSingleResource.newIntegerResource(6042, 1))
                .put(T1, path(3331, 0, 5700), floatValue(5700, 1.5))
                .put(T1, path(3331, 0, 6042), LwM2mSingleResource.newIntegerResource(6042, 4))
                .build());

        assertThat(store.readings(NODE, "grid.energy")).extracting(ReceivedReading::at, ReceivedReading::quality)
                .containsExactly(tuple(T0, "INTERPOLATED"), tuple(T1, "GOOD"));
        assertThat(store.readings(NODE, "pv.energy")).extracting(ReceivedReading::quality).containsExactly("GOOD");
        assertThat(store.readings(NODE, "tap.volume")).extracting(ReceivedReading::quality).containsExactly("FAULT");
    }

    @Test
    void an_instance_nobody_named_is_stored_under_its_path() {
        StoreResult result = ingest.ingest(NODE, TimestampedLwM2mNodes.builder()
                .put(T0, path(3331, 5, 5700), floatValue(5700, 9.5)).build());

        assertThat(result.inserted()).extracting(ReceivedReading::channel).containsExactly("/3331/5.energy");
        assertThat(store.readings(NODE, "/3331/5.energy")).extracting(ReceivedReading::value).containsExactly(9.5);
    }

    @Test
    void names_of_another_endpoint_are_not_used() {
        store.nameInstance("meter-2", 3331, 0, "house");

        StoreResult result = ingest.ingest(NODE, TimestampedLwM2mNodes.builder()
                .put(T0, path(3331, 0, 5700), floatValue(5700, 1.0)).build());

        assertThat(result.inserted()).extracting(ReceivedReading::channel).containsExactly("/3331/0.energy");
    }

    @Test
    void paths_that_are_not_measurement_values_are_ignored() {
        store.nameInstance(NODE, 3331, 0, "grid");
        store.nameInstance(NODE, 3305, 0, "grid");

        StoreResult result = ingest.ingest(NODE, TimestampedLwM2mNodes.builder()
                .put(T0, path(3331, 0, 5700), floatValue(5700, 1.0))
                .put(T0, path(3331, 0, 5701), LwM2mSingleResource.newStringResource(5701, "kWh"))
                .put(T0, path(3331, 0, 6042), LwM2mSingleResource.newIntegerResource(6042, 4))
                .put(T0, path(3305, 0, 5700), floatValue(5700, 3.0)) // not the value resource of 3305
                .put(T0, path(3303, 0, 5700), floatValue(5700, 21.5)) // temperature: not ours
                .put(T0, path(3, 0, 9), LwM2mSingleResource.newIntegerResource(9, 87)) // battery level
                .put(T0, path(1, 0, 1), LwM2mSingleResource.newIntegerResource(1, 86400)) // lifetime
                .put(path(3, 0, 0), LwM2mSingleResource.newStringResource(0, "meternode"))
                .build());

        assertThat(result.inserted()).extracting(ReceivedReading::path).containsExactly("/3331/0/5700");
        assertThat(store.count(NODE)).isEqualTo(1);
    }

    @Test
    void a_send_with_only_announcements_stores_no_reading() {
        StoreResult result = ingest.ingest(NODE, TimestampedLwM2mNodes.builder()
                .put(path(3331, 0, 5750), LwM2mSingleResource.newStringResource(5750, "grid")).build());

        assertThat(result.inserted()).isEmpty();
        assertThat(store.channelOf(NODE, 3331, 0)).contains("grid");
    }

    @Test
    void a_resent_batch_is_counted_as_duplicates() {
        TimestampedLwM2mNodes send = TimestampedLwM2mNodes.builder()
                .put(T0, path(3331, 0, 5700), floatValue(5700, 1.0))
                .put(path(3331, 0, 5750), LwM2mSingleResource.newStringResource(5750, "grid")).build();
        ingest.ingest(NODE, send);

        StoreResult again = ingest.ingest(NODE, send);

        assertThat(again.inserted()).isEmpty();
        assertThat(again.duplicates()).isEqualTo(1);
    }

    private static LwM2mPath path(int object, int instance, int resource) {
        return new LwM2mPath(object, instance, resource);
    }

    private static LwM2mSingleResource floatValue(int resource, double value) {
        return LwM2mSingleResource.newFloatResource(resource, value);
    }
}
