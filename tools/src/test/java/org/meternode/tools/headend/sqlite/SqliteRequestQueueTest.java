package org.meternode.tools.headend.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.tools.headend.RequestQueue;
import org.meternode.tools.headend.RequestQueueContract;

/** The SQLite request queue against the contract. */
class SqliteRequestQueueTest extends RequestQueueContract {
    @TempDir
    Path dir;

    @Override
    protected RequestQueue openEmpty() {
        return SqliteRequestQueue.open(dir.resolve("head-end.db"));
    }

    @Override
    protected RequestQueue reopen() {
        return SqliteRequestQueue.open(dir.resolve("head-end.db"));
    }
}
