package org.meternode.tools.headend.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meternode.testkit.services.PostgresServer;
import org.meternode.tools.headend.HeadEndStorage;
import org.meternode.tools.headend.ManagementRequest;
import org.meternode.tools.headend.RequestQueue;
import org.meternode.tools.headend.RequestQueueContract;

/** The PostgreSQL request queue against the contract, and shared by two openers as two head-ends would. */
class PostgresRequestQueueTest extends RequestQueueContract {
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
    protected RequestQueue openEmpty() {
        uri = TestDatabases.fresh(pg);
        return HeadEndStorage.openRequests(uri);
    }

    @Override
    protected RequestQueue reopen() {
        return HeadEndStorage.openRequests(uri);
    }

    @Test
    void a_request_queued_through_one_opener_is_answered_through_another() {
        long id = queue.enqueue("meter-1", ManagementRequest.Op.READ, "/3/0/3", "");
        try (RequestQueue other = HeadEndStorage.openRequests(uri)) {
            assertThat(other.queued()).extracting(ManagementRequest::id).containsExactly(id);
            other.finish(id, ManagementRequest.State.DONE, "CONTENT(205)", "0.1.0");
        }
        assertThat(queue.get(id).orElseThrow().state()).isEqualTo(ManagementRequest.State.DONE);
        assertThat(queue.queued()).isEmpty();
    }
}
