package org.meternode.tools.headend.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meternode.testkit.services.PostgresServer;
import org.meternode.tools.headend.ReadingStore;
import org.meternode.tools.headend.ReadingStoreContract;
import org.meternode.tools.headend.ReceivedReading;
import org.meternode.tools.headend.StoreResult;

/** The PostgreSQL reading store against the contract, plus its monthly partitions, on a real server. */
class PostgresReadingStoreTest extends ReadingStoreContract {
    private static PostgresServer pg;
    private String uri;

    @BeforeAll
    static void server() {
        pg = PostgresServer.launch();
    }

    @AfterAll
    static void stopServer() {
        pg.close();
    }

    @Override
    protected ReadingStore openEmpty() {
        uri = TestDatabases.fresh(pg);
        return TestDatabases.readings(uri);
    }

    @Override
    protected ReadingStore reopen() {
        return TestDatabases.readings(uri);
    }

    @Test
    void it_says_where_it_stores_without_user_or_password() {
        assertThat(store.describe()).isEqualTo("postgresql://127.0.0.1:" + pg.port() + "/" + TestDatabases.name(uri));
        assertThat(store.describe()).doesNotContain(pg.password());
    }

    @Test
    void readings_of_two_months_land_in_two_monthly_partitions() {
        store.store("meter-1", List.of(energy("meter-1", "2026-03-31T23:45:00Z", 1.0),
                energy("meter-1", "2026-04-01T00:00:00Z", 2.0)));
        store.store("meter-1", List.of(energy("meter-1", "2026-04-01T00:15:00Z", 3.0)));

        String db = TestDatabases.name(uri);
        assertThat(pg.psql(db, "SELECT c.relname || ':' || (SELECT count(*) FROM readings r WHERE r.tableoid = c.oid)"
                + " FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = 'readings'::regclass ORDER BY 1").strip().lines().toList())
                .containsExactly("readings_y2026m03:1", "readings_y2026m04:2");
        assertThat(store.readings("meter-1", "grid.energy")).extracting(ReceivedReading::value)
                .containsExactly(1.0, 2.0, 3.0);
    }

    @Test
    void a_resend_through_another_head_end_is_still_a_duplicate_and_a_changed_value_a_conflict() {
        List<ReceivedReading> send = List.of(energy("meter-1", "2026-05-31T23:45:00Z", 1.0),
                energy("meter-1", "2026-06-01T00:00:00Z", 2.0));
        store.store("meter-1", send);

        try (PostgresReadingStore other = TestDatabases.readings(uri)) {
            StoreResult again = other.store("meter-1", List.of(send.get(0), send.get(1),
                    energy("meter-1", "2026-06-01T00:00:00Z", 2.5)));

            assertThat(again.inserted()).isEmpty();
            assertThat(again.duplicates()).isEqualTo(2);
            assertThat(again.conflicts()).isEqualTo(1);
        }
        assertThat(store.count("meter-1")).isEqualTo(2);
        assertThat(store.duplicates("meter-1")).isEqualTo(2);
        assertThat(store.conflicts("meter-1")).isEqualTo(1);
    }

    @Test
    void two_instances_making_the_same_new_month_at_once_both_store() throws Exception {
        try (PostgresReadingStore other = TestDatabases.readings(uri)) {
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            var a = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                await(start);
                return store.store("meter-a", List.of(energy("meter-a", "2027-01-10T00:00:00Z", 1.0)));
            });
            var b = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                await(start);
                return other.store("meter-b", List.of(energy("meter-b", "2027-01-10T00:00:00Z", 1.0)));
            });
            assertThat(a.get().inserted()).hasSize(1);
            assertThat(b.get().inserted()).hasSize(1);
        }
        assertThat(pg.psql(TestDatabases.name(uri), "SELECT count(*) FROM pg_inherits"
                + " WHERE inhparent = 'readings'::regclass").strip()).isEqualTo("1");
    }

    private static void await(java.util.concurrent.CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ReceivedReading energy(String endpoint, String at, double kwh) {
        return new ReceivedReading(endpoint, "grid.energy", Instant.parse(at), kwh, "kWh", "GOOD", "/3331/0/5700");
    }
}
