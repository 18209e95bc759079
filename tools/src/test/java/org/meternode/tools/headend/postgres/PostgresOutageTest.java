package org.meternode.tools.headend.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.meternode.testkit.services.PostgresServer;
import org.meternode.tools.headend.HeadEndStorage;
import org.meternode.tools.headend.ReceivedReading;
import org.meternode.tools.headend.StoreException;
import org.meternode.tools.headend.StoreUnavailableException;

/** PostgreSQL stops under a running store: calls fail fast as "try later", and work again once it is back. */
class PostgresOutageTest {
    private static PostgresServer pg;

    @BeforeAll
    static void server() {
        pg = PostgresServer.launch();
    }

    @AfterAll
    static void stopServer() {
        pg.close();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a guard against a hang, not a performance target
    void a_stopped_server_gives_store_unavailable_and_the_next_call_after_it_is_back_works() {
        String uri = TestDatabases.fresh(pg);
        try (HeadEndStorage storage = HeadEndStorage.open(uri)) {
            storage.readings().store("meter-1", List.of(energy(0)));
            storage.requests().enqueue("meter-1", org.meternode.tools.headend.ManagementRequest.Op.READ, "/3/0", "");

            pg.stop();
            assertThatThrownBy(() -> storage.readings().store("meter-1", List.of(energy(1))))
                    .as("a pooled connection the server closed").isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("cannot store 1 reading(s) of meter-1")
                    .hasMessageContaining(storage.readings().describe());
            assertThatThrownBy(() -> storage.readings().store("meter-1", List.of(energy(1))))
                    .as("a new connection refused").isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("connecting");
            assertThatThrownBy(() -> storage.requests().queued()).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> storage.securityEvents().events("meter-1"))
                    .isInstanceOf(StoreUnavailableException.class);

            pg.start();
            assertThat(storage.readings().store("meter-1", List.of(energy(1), energy(0))).inserted())
                    .containsExactly(energy(1));
            assertThat(storage.readings().count("meter-1")).isEqualTo(2);
            assertThat(storage.readings().duplicates("meter-1")).isEqualTo(1);
            assertThat(storage.requests().queued()).hasSize(1);
        }
    }

    @Test
    void an_sql_error_that_is_not_an_outage_is_a_plain_store_exception_naming_the_operation() {
        String uri = TestDatabases.fresh(pg);
        try (HeadEndStorage storage = HeadEndStorage.open(uri)) {
            pg.psql(TestDatabases.name(uri), "DROP TABLE endpoint_counters");

            assertThatThrownBy(() -> storage.readings().store("meter-1", List.of(energy(0))))
                    .isInstanceOf(StoreException.class).isNotInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("cannot store 1 reading(s) of meter-1")
                    .hasMessageContaining("endpoint_counters");
            assertThat(storage.readings().count("meter-1")).as("the Send's transaction rolled back").isZero();
        }
    }

    @Test
    void a_server_that_is_not_there_at_open_is_unavailable_too() {
        String uri = TestDatabases.fresh(pg).replace(":" + pg.port() + "/", ":1/");
        assertThatThrownBy(() -> HeadEndStorage.open(uri)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("postgresql://127.0.0.1:1/").hasMessageNotContaining(pg.password());
    }

    private static ReceivedReading energy(int quarter) {
        return new ReceivedReading("meter-1", "grid.energy", Instant.parse("2026-03-01T00:00:00Z").plusSeconds(900L * quarter),
                quarter, "kWh", "GOOD", "/3331/0/5700");
    }
}
