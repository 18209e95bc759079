package org.meternode.tools.headend.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Parsing {@code postgresql://} locations: the JDBC URL, driver properties, pool size, and clear refusals. */
class PostgresLocationTest {
    @Test
    void a_libpq_uri_becomes_a_jdbc_url_with_user_password_and_timeouts() {
        PostgresLocation l = PostgresLocation.parse(
                "postgresql://db.internal:6432/meters?user=headend&password=s%3Cret&connect_timeout=3&sslmode=require");

        assertThat(l.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/meters");
        assertThat(l.properties()).containsEntry("user", "headend").containsEntry("password", "s<ret")
                .containsEntry("connectTimeout", "3").containsEntry("sslmode", "require")
                .containsEntry("socketTimeout", "30");
        assertThat(l.pool()).isEqualTo(PostgresLocation.DEFAULT_POOL);
        assertThat(l.describe()).isEqualTo("postgresql://db.internal:6432/meters");
    }

    @Test
    void user_and_password_may_come_before_the_host_and_the_port_defaults_to_5432() {
        PostgresLocation l = PostgresLocation.parse("postgres://headend:pw@10.0.0.5/meters?pool=12");

        assertThat(l.jdbcUrl()).isEqualTo("jdbc:postgresql://10.0.0.5:5432/meters");
        assertThat(l.properties()).containsEntry("user", "headend").containsEntry("password", "pw");
        assertThat(l.pool()).isEqualTo(12);
        assertThat(l.toString()).doesNotContain("pw@").doesNotContain("password");
    }

    @Test
    void bad_locations_are_refused_with_what_is_wrong_and_without_the_password() {
        assertThatThrownBy(() -> PostgresLocation.parse("postgresql://h/meters?password=hunter2&pool=0"))
                .hasMessageContaining("pool=0").hasMessageContaining("1 to 100").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> PostgresLocation.parse("postgresql://h/meters?pool=many"))
                .hasMessageContaining("pool=many");
        assertThatThrownBy(() -> PostgresLocation.parse("postgresql://h:5432/"))
                .hasMessageContaining("name one database");
        assertThatThrownBy(() -> PostgresLocation.parse("postgresql:///meters"))
                .hasMessageContaining("no host");
        assertThatThrownBy(() -> PostgresLocation.parse("postgresql://u:hunter2@h/meters?sslmode"))
                .hasMessageContaining("'sslmode' has no value").hasMessageNotContaining("hunter2");
    }

    @Test
    void the_storage_registry_sends_postgresql_uris_here_and_paths_to_sqlite() {
        assertThat(new PostgresBackend().accepts("postgresql://h/db")).isTrue();
        assertThat(new PostgresBackend().accepts("postgres://h/db")).isTrue();
        assertThat(new PostgresBackend().accepts("demo-run/head-end.db")).isFalse();
    }
}
