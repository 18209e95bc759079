package org.meternode.tools.headend.postgres;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.meternode.testkit.services.PostgresServer;
import org.meternode.tools.headend.SecurityEventStore;
import org.meternode.tools.headend.SecurityEventStoreContract;

/** The PostgreSQL security-event store against the contract. */
class PostgresSecurityEventStoreTest extends SecurityEventStoreContract {
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
    protected SecurityEventStore openEmpty() {
        uri = TestDatabases.fresh(pg);
        return new PostgresSecurityEventStore(new PostgresBackend().migrated(uri));
    }

    @Override
    protected SecurityEventStore reopen() {
        return new PostgresSecurityEventStore(new PostgresBackend().migrated(uri));
    }
}
