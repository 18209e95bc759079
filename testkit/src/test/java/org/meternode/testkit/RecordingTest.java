package org.meternode.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class RecordingTest {
    @Test
    void a_waiter_wakes_on_the_line_it_waits_for_while_another_thread_appends() throws Exception {
        OutputLog log = new OutputLog();
        CountDownLatch waiting = new CountDownLatch(1);
        Thread writer = Thread.ofPlatform().name("writer").start(() -> {
            try {
                waiting.await();
            } catch (InterruptedException e) {
                return;
            }
            for (int i = 0; i < 20_000; i++) {
                log.add("line " + i);
            }
            log.add("registered with coaps://127.0.0.1:5684");
        });
        waiting.countDown();
        // Reads that walk the recording while it grows: the pattern that threw ConcurrentModificationException.
        while (!log.said("registered")) {
            assertThat(log).noneMatch(l -> l.contains("secret"));
            assertThat(log.stream().filter(l -> l.startsWith("line ")).count()).isLessThanOrEqualTo(20_000);
        }
        String line = log.awaitLine(Duration.ofSeconds(10), "registered", "coaps://");
        writer.join();
        assertThat(line).isEqualTo("registered with coaps://127.0.0.1:5684");
        assertThat(log.size()).isEqualTo(20_001);
        assertThat(log.awaitLines(3, Duration.ofSeconds(1), "line 1")).hasSizeGreaterThan(3);
    }

    @Test
    void a_wait_that_times_out_says_what_it_waited_for_and_what_came() {
        OutputLog log = new OutputLog("node output", null);
        log.add("interval 2026-12-02T17:15:00Z: grid.energy=0.094 kWh");
        assertThatThrownBy(() -> log.awaitLine(Duration.ofMillis(50), "registered"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("node output").hasMessageContaining("saw 0 of 1 recorded")
                .hasMessageContaining("grid.energy=0.094 kWh");
    }

    @Test
    void clear_starts_a_new_phase_and_count_sees_only_what_came_after() {
        Recording<Integer> r = new Recording<>("numbers");
        r.add(1);
        r.add(2);
        r.clear();
        r.add(3);
        assertThat(r.snapshot()).containsExactly(3);
        assertThat(r.count(n -> n > 0)).isEqualTo(1);
        assertThat(r.awaitAll(all -> all.contains(3), Duration.ofMillis(10))).containsExactly(3);
    }
}
