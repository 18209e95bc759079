package org.meternode.bench.footprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The probe reads this JVM: its RSS, and the wakeups of a thread that sleeps and wakes 20 times. */
class ProcessProbeTest {
    private final ProcessProbe probe = new ProcessProbe(ProcessHandle.current().pid());

    @Test
    void reads_the_resident_set_of_a_live_process_and_minus_one_of_a_gone_one() {
        assertThat(probe.rssKib()).isGreaterThan(1024);
        assertThat(new ProcessProbe(Long.MAX_VALUE / 2).rssKib()).isEqualTo(-1);
    }

    @Test
    void counts_the_wakeups_of_a_thread_by_its_name() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch woke = new CountDownLatch(1);
        CountDownLatch end = new CountDownLatch(1);
        Thread sleeper = Thread.ofPlatform().name("probe-sleeper").start(() -> {
            try {
                go.await();
                for (int i = 0; i < 20; i++) {
                    LockSupport.parkNanos(2_000_000);
                }
                woke.countDown();
                end.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Map<Long, ProcessProbe.ThreadCounters> before = probe.threads();
        go.countDown();
        woke.await();
        Map<String, long[]> delta = ProcessProbe.delta(before, probe.threads());
        end.countDown();
        sleeper.join();
        assertThat(delta.get("probe-sleeper")[0]).as("wakeups of the sleeper").isBetween(20L, 200L);
        assertThat(delta.values()).allMatch(d -> d[0] >= 0 && d[1] >= 0);
    }
}
