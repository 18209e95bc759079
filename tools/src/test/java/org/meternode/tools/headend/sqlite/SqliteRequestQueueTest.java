package org.meternode.tools.headend.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.tools.headend.ManagementRequest;
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

    @Test
    void a_file_from_before_claims_gets_the_claim_columns_and_keeps_its_requests() throws Exception {
        Path old = dir.resolve("old.db");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + old);
                Statement st = db.createStatement()) {
            st.executeUpdate("CREATE TABLE requests (id INTEGER PRIMARY KEY AUTOINCREMENT, endpoint TEXT NOT NULL,"
                    + " op TEXT NOT NULL, path TEXT NOT NULL, value TEXT NOT NULL DEFAULT '', created_ms INTEGER NOT NULL,"
                    + " state TEXT NOT NULL DEFAULT 'QUEUED', code TEXT NOT NULL DEFAULT '',"
                    + " result TEXT NOT NULL DEFAULT '', done_ms INTEGER)");
            st.executeUpdate("INSERT INTO requests(endpoint, op, path, created_ms) VALUES ('meter-1', 'READ', '/3/0', 1)");
        }
        try (RequestQueue q = SqliteRequestQueue.open(old)) {
            assertThat(q.queued()).extracting(ManagementRequest::endpoint).containsExactly("meter-1");
            long id = q.queued().get(0).id();
            assertThat(q.claim(id, "node-1", Instant.EPOCH, Instant.EPOCH.plusSeconds(20))).isTrue();
        }
    }
}
