package org.meternode.tools.headend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ReadingStore} must do, whatever its engine: dedup by (endpoint, channel, time),
 * conflicts, channel names, reopen. Each backend's test extends it and says how to open its store.
 */
public abstract class ReadingStoreContract {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(900);
    private static final Instant T2 = T1.plusSeconds(900);
    private static final String NODE = "meter-1";

    protected ReadingStore store;

    /** A store on an empty database. */
    protected abstract ReadingStore openEmpty();

    /** The same database again, as a head-end restart would open it. */
    protected abstract ReadingStore reopen();

    @BeforeEach
    void open() {
        store = openEmpty();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void new_readings_are_inserted_and_returned() {
        List<ReceivedReading> send = List.of(energy(T0, 1.234), power(T0, 1000), energy(T1, 1.484));

        StoreResult result = store.store(NODE, send);

        assertThat(result.inserted()).containsExactlyElementsOf(send);
        assertThat(result.duplicates()).isZero();
        assertThat(result.conflicts()).isZero();
        assertThat(store.count(NODE)).isEqualTo(3);
        assertThat(store.readings(NODE, "grid.energy")).containsExactly(energy(T0, 1.234), energy(T1, 1.484));
    }

    @Test
    void an_exact_resend_is_counted_as_duplicates_and_inserts_nothing() {
        List<ReceivedReading> send = List.of(energy(T0, 1.234), power(T0, 1000));
        store.store(NODE, send);

        StoreResult again = store.store(NODE, send);
        StoreResult thrice = store.store(NODE, send.subList(0, 1));

        assertThat(again.inserted()).isEmpty();
        assertThat(again.duplicates()).isEqualTo(2);
        assertThat(again.conflicts()).isZero();
        assertThat(thrice.duplicates()).isEqualTo(1);
        assertThat(store.duplicates(NODE)).isEqualTo(3);
        assertThat(store.conflicts(NODE)).isZero();
        assertThat(store.count(NODE)).isEqualTo(2);
    }

    @Test
    void a_different_value_for_the_same_time_is_a_conflict_and_the_first_value_is_kept() {
        store.store(NODE, List.of(energy(T0, 1.234)));

        StoreResult result = store.store(NODE, List.of(energy(T0, 1.235)));

        assertThat(result.inserted()).isEmpty();
        assertThat(result.conflicts()).isEqualTo(1);
        assertThat(result.duplicates()).isZero();
        assertThat(store.conflicts(NODE)).isEqualTo(1);
        assertThat(store.readings(NODE, "grid.energy")).extracting(ReceivedReading::value).containsExactly(1.234);
    }

    @Test
    void one_send_can_hold_new_duplicate_and_conflicting_readings() {
        store.store(NODE, List.of(energy(T0, 1.0), energy(T1, 2.0)));

        StoreResult result = store.store(NODE, List.of(energy(T0, 1.0), energy(T1, 2.5), energy(T2, 3.0)));

        assertThat(result.inserted()).containsExactly(energy(T2, 3.0));
        assertThat(result.duplicates()).isEqualTo(1);
        assertThat(result.conflicts()).isEqualTo(1);
        assertThat(store.readings(NODE, "grid.energy")).extracting(ReceivedReading::value)
                .containsExactly(1.0, 2.0, 3.0);
    }

    @Test
    void the_same_channel_and_time_of_another_endpoint_is_a_different_reading() {
        store.store(NODE, List.of(energy(T0, 1.0)));

        StoreResult other = store.store("meter-2", List.of(new ReceivedReading("meter-2", "grid.energy", T0, 7.0,
                "kWh", "GOOD", "/3331/0/5700")));

        assertThat(other.inserted()).hasSize(1);
        assertThat(store.count(NODE)).isEqualTo(1);
        assertThat(store.count("meter-2")).isEqualTo(1);
        assertThat(store.duplicates("meter-2")).isZero();
        assertThat(store.readings("meter-2", "grid.energy")).extracting(ReceivedReading::value).containsExactly(7.0);
    }

    @Test
    void readings_come_back_ordered_by_time_whatever_the_order_they_arrived_in() {
        store.store(NODE, List.of(energy(T2, 3.0)));
        store.store(NODE, List.of(energy(T0, 1.0), energy(T1, 2.0)));

        assertThat(store.readings(NODE, "grid.energy")).extracting(ReceivedReading::at).containsExactly(T0, T1, T2);
        assertThat(store.readings(NODE, "grid.power")).isEmpty();
        assertThat(store.readings("nobody", "grid.energy")).isEmpty();
    }

    @Test
    void a_reading_keeps_its_unit_quality_and_path() {
        ReceivedReading r = new ReceivedReading(NODE, "tap.volume", T0, 0.617, "m3", "INTERPOLATED", "/3300/0/5700");

        store.store(NODE, List.of(r));

        assertThat(store.readings(NODE, "tap.volume")).containsExactly(r);
    }

    @Test
    void instance_names_are_kept_per_endpoint_and_replaced_by_a_new_announcement() {
        store.nameInstance(NODE, 3331, 0, "grid");
        store.nameInstance(NODE, 3331, 1, "pv");
        store.nameInstance("meter-2", 3331, 0, "house");

        assertThat(store.channelOf(NODE, 3331, 0)).contains("grid");
        assertThat(store.channelOf(NODE, 3331, 1)).contains("pv");
        assertThat(store.channelOf("meter-2", 3331, 0)).contains("house");
        assertThat(store.channelOf(NODE, 3305, 0)).isEmpty();
        assertThat(store.channelOf(NODE, 3331, 2)).isEmpty();

        store.nameInstance(NODE, 3331, 0, "mains");
        assertThat(store.channelOf(NODE, 3331, 0)).contains("mains");
    }

    @Test
    void everything_survives_a_reopen() {
        store.nameInstance(NODE, 3331, 0, "grid");
        store.store(NODE, List.of(energy(T0, 1.0), energy(T1, 2.0)));
        store.store(NODE, List.of(energy(T0, 1.0), energy(T1, 2.5)));

        store.close();
        store = reopen();

        assertThat(store.readings(NODE, "grid.energy")).extracting(ReceivedReading::value).containsExactly(1.0, 2.0);
        assertThat(store.channelOf(NODE, 3331, 0)).contains("grid");
        assertThat(store.duplicates(NODE)).isEqualTo(1);
        assertThat(store.conflicts(NODE)).isEqualTo(1);
        assertThat(store.store(NODE, List.of(energy(T0, 1.0))).duplicates()).isEqualTo(1);
    }

    private static ReceivedReading energy(Instant at, double kwh) {
        return new ReceivedReading(NODE, "grid.energy", at, kwh, "kWh", "GOOD", "/3331/0/5700");
    }

    private static ReceivedReading power(Instant at, double watts) {
        return new ReceivedReading(NODE, "grid.power", at, watts, "W", "GOOD", "/3305/0/5800");
    }
}
