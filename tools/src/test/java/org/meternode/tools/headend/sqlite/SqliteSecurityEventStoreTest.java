package org.meternode.tools.headend.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.tools.headend.SecurityEventStore;
import org.meternode.tools.headend.SecurityEventStoreContract;

/** The SQLite security-event store against the contract. */
class SqliteSecurityEventStoreTest extends SecurityEventStoreContract {
    @TempDir
    Path dir;

    @Override
    protected SecurityEventStore openEmpty() {
        return SqliteSecurityEventStore.open(dir.resolve("head-end.db"));
    }

    @Override
    protected SecurityEventStore reopen() {
        return SqliteSecurityEventStore.open(dir.resolve("head-end.db"));
    }
}
