package org.meternode.testkit.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The PostgreSQL fixture: a real server that answers, stops, comes back with its data, and leaves nothing. */
class PostgresServerTest {
    @Test
    void it_serves_a_database_survives_a_restart_on_the_same_port_and_cleans_up() throws Exception {
        PostgresServer pg = PostgresServer.launch();
        try {
            String uri = pg.createDatabase("fixture_check");
            assertThat(uri).startsWith("postgresql://127.0.0.1:" + pg.port() + "/fixture_check?user=meternode&password=");
            pg.psql("fixture_check", "CREATE TABLE t(x int); INSERT INTO t VALUES (42)");

            pg.stop();
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), pg.port()).close())
                    .as("nothing listens while stopped").isInstanceOf(java.net.ConnectException.class);
            pg.start();

            assertThat(pg.psql("fixture_check", "SELECT x FROM t").strip()).isEqualTo("42");
            assertThat(pg.psql("postgres", "SHOW listen_addresses").strip()).isEqualTo("127.0.0.1");
        } finally {
            pg.close();
        }
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), pg.port()).close())
                .isInstanceOf(java.net.ConnectException.class);
    }
}
