package org.meternode.tools.headend.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meternode.testkit.services.PostgresServer;
import org.meternode.tools.headend.HeadEndStorage;
import org.meternode.tools.headend.StoreException;

/** Versioned schema migrations on a real server: applied once, in order, never over a newer schema. */
class SchemaMigrationsTest {
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
    void a_fresh_database_gets_every_version_in_order_and_a_reopen_applies_nothing() {
        String uri = TestDatabases.fresh(pg);
        ConnectionPool pool = new ConnectionPool(PostgresLocation.parse(uri));
        try {
            assertThat(SchemaMigrations.migrate(pool, Clock.systemUTC())).containsExactly(1, 2, 3);
            assertThat(SchemaMigrations.migrate(pool, Clock.systemUTC())).isEmpty();
        } finally {
            pool.close();
        }
        assertThat(pg.psql(TestDatabases.name(uri), "SELECT version || ' ' || description FROM schema_migrations"
                + " ORDER BY version").strip().lines().toList())
                .containsExactly("1 readings channels counters", "2 requests security events", "3 request claims");
        HeadEndStorage.open(uri).close(); // the backend's own open: still nothing new
        assertThat(pg.psql(TestDatabases.name(uri), "SELECT count(*) FROM schema_migrations").strip()).isEqualTo("3");
    }

    @Test
    void three_head_ends_opening_at_once_migrate_exactly_once() throws Exception {
        String uri = TestDatabases.fresh(pg);
        int n = 3;
        CyclicBarrier together = new CyclicBarrier(n);
        List<CompletableFuture<List<Integer>>> opens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            opens.add(CompletableFuture.supplyAsync(() -> {
                ConnectionPool pool = new ConnectionPool(PostgresLocation.parse(uri));
                try {
                    together.await();
                    return SchemaMigrations.migrate(pool, Clock.systemUTC());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    pool.close();
                }
            }));
        }
        List<Integer> applied = new ArrayList<>();
        for (CompletableFuture<List<Integer>> f : opens) {
            applied.addAll(f.get());
        }

        assertThat(applied).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(pg.psql(TestDatabases.name(uri), "SELECT string_agg(version::text, ',' ORDER BY version)"
                + " FROM schema_migrations").strip()).isEqualTo("1,2,3");
    }

    @Test
    void a_database_at_a_newer_version_is_refused_naming_both_versions() {
        String uri = TestDatabases.fresh(pg);
        HeadEndStorage.open(uri).close();
        pg.psql(TestDatabases.name(uri), "INSERT INTO schema_migrations VALUES (7, now(), 'from the future')");

        assertThatThrownBy(() -> HeadEndStorage.open(uri)).isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 7").hasMessageContaining("versions up to 3")
                .hasMessageContaining("postgresql://127.0.0.1:" + pg.port() + "/" + TestDatabases.name(uri))
                .hasMessageNotContaining(pg.password());
    }

    @Test
    void every_listed_migration_is_on_the_class_path() {
        for (String file : SchemaMigrations.FILES) {
            assertThat(SchemaMigrations.sql(file)).as(file).containsAnyOf("CREATE TABLE", "ALTER TABLE");
        }
        assertThat(SchemaMigrations.FILES).extracting(f -> f.substring(0, f.indexOf("__")))
                .containsExactly("V1", "V2", "V3");
    }
}
