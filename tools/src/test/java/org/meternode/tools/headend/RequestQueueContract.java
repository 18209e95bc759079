package org.meternode.tools.headend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link RequestQueue} must do: ids in order, queued until finished, answers kept, reopen. */
public abstract class RequestQueueContract {
    protected RequestQueue queue;

    /** A queue on an empty database. */
    protected abstract RequestQueue openEmpty();

    /** The same database again (another process, or a restart). */
    protected abstract RequestQueue reopen();

    @BeforeEach
    void open() {
        queue = openEmpty();
    }

    @AfterEach
    void close() {
        queue.close();
    }

    @Test
    void requests_are_queued_in_order_with_growing_ids() {
        long a = queue.enqueue("meter-1", ManagementRequest.Op.WRITE, "/32500/0/1", "300");
        long b = queue.enqueue("meter-1", ManagementRequest.Op.EXECUTE, "/3/0/4", "");
        long c = queue.enqueue("meter-2", ManagementRequest.Op.READ, "/3/0", null);

        assertThat(b).isGreaterThan(a);
        assertThat(c).isGreaterThan(b);
        assertThat(queue.queued()).extracting(ManagementRequest::id).containsExactly(a, b, c);
        ManagementRequest first = queue.get(a).orElseThrow();
        assertThat(first.endpoint()).isEqualTo("meter-1");
        assertThat(first.op()).isEqualTo(ManagementRequest.Op.WRITE);
        assertThat(first.path()).isEqualTo("/32500/0/1");
        assertThat(first.value()).isEqualTo("300");
        assertThat(first.state()).isEqualTo(ManagementRequest.State.QUEUED);
        assertThat(first.done()).isEmpty();
        assertThat(queue.get(c).orElseThrow().value()).isEmpty();
    }

    @Test
    void a_finished_request_leaves_the_queue_and_keeps_its_answer() {
        long a = queue.enqueue("meter-1", ManagementRequest.Op.WRITE, "/32500/0/1", "7");
        long b = queue.enqueue("meter-1", ManagementRequest.Op.READ, "/3/0/3", "");

        queue.finish(a, ManagementRequest.State.FAILED, "BAD_REQUEST(400)", "sampling.interval: 7 s is below 10 s");
        queue.finish(b, ManagementRequest.State.DONE, "CONTENT(205)", "0.1.0");

        assertThat(queue.queued()).isEmpty();
        ManagementRequest refused = queue.get(a).orElseThrow();
        assertThat(refused.state()).isEqualTo(ManagementRequest.State.FAILED);
        assertThat(refused.code()).isEqualTo("BAD_REQUEST(400)");
        assertThat(refused.result()).isEqualTo("sampling.interval: 7 s is below 10 s");
        assertThat(refused.done()).isPresent();
        assertThat(queue.get(b).orElseThrow().result()).isEqualTo("0.1.0");
    }

    @Test
    void recent_lists_newest_first_per_endpoint_or_all() {
        long a = queue.enqueue("meter-1", ManagementRequest.Op.READ, "/3/0", "");
        long b = queue.enqueue("meter-2", ManagementRequest.Op.READ, "/3/0", "");
        long c = queue.enqueue("meter-1", ManagementRequest.Op.READ, "/5/0", "");

        assertThat(queue.recent("meter-1", 10)).extracting(ManagementRequest::id).containsExactly(c, a);
        assertThat(queue.recent(null, 2)).extracting(ManagementRequest::id).containsExactly(c, b);
        assertThat(queue.get(c + 100)).isEmpty();
    }

    @Test
    void one_instance_claims_a_request_until_its_claim_runs_out() {
        long a = queue.enqueue("meter-1", ManagementRequest.Op.READ, "/3/0", "");
        Instant t0 = Instant.parse("2026-12-07T10:00:00Z");

        assertThat(queue.claim(a, "node-1", t0, t0.plusSeconds(20))).as("first claim").isTrue();
        assertThat(queue.claim(a, "node-2", t0.plusSeconds(5), t0.plusSeconds(25))).as("another instance, in time")
                .isFalse();
        assertThat(queue.claim(a, "node-1", t0.plusSeconds(6), t0.plusSeconds(26))).as("the holder again").isTrue();
        assertThat(queue.claim(a, "node-2", t0.plusSeconds(27), t0.plusSeconds(47)))
                .as("another instance after the holder's claim ran out").isTrue();
        assertThat(queue.queued()).as("a claimed request is still queued until answered")
                .extracting(ManagementRequest::id).containsExactly(a);

        queue.finish(a, ManagementRequest.State.DONE, "CONTENT(205)", "");
        assertThat(queue.claim(a, "node-2", t0.plusSeconds(28), t0.plusSeconds(48))).as("a finished request").isFalse();
        assertThat(queue.claim(a + 1000, "node-1", t0, t0.plusSeconds(20))).as("no such request").isFalse();
    }

    @Test
    void requests_survive_a_reopen() {
        long a = queue.enqueue("meter-1", ManagementRequest.Op.WRITE, "/32500/0/1", "600");
        queue.close();

        queue = reopen();

        assertThat(queue.queued()).extracting(ManagementRequest::id).containsExactly(a);
        assertThat(queue.enqueue("meter-1", ManagementRequest.Op.READ, "/3/0", "")).isGreaterThan(a);
        List<ManagementRequest> all = queue.recent("meter-1", 10);
        assertThat(all).hasSize(2);
    }
}
