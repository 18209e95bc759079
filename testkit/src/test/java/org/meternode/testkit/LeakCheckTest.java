package org.meternode.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

class LeakCheckTest {
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static volatile Process child;

    /** Leaves a non-daemon thread and a child process running. */
    static class Leaky {
        @Test
        void leaks() throws Exception {
            Thread.ofPlatform().name("leaky-thread").daemon(false).start(() -> {
                try {
                    RELEASE.await();
                } catch (InterruptedException e) {
                    // released
                }
            });
            child = new ProcessBuilder("sleep", "600").start();
        }
    }

    /** Cleans up after itself. */
    static class Tidy {
        @Test
        void tidies() throws Exception {
            Thread t = Thread.ofPlatform().name("tidy-thread").daemon(false).start(() -> { });
            Process p = new ProcessBuilder("true").start();
            p.waitFor();
            t.join();
        }
    }

    private static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter(LeakCheck.GRACE_PARAMETER, "PT0.3S").execute();
    }

    @Test
    void a_class_that_leaves_a_thread_and_a_process_behind_fails_naming_both_and_the_process_is_killed()
            throws Exception {
        try {
            EngineExecutionResults results = run(Leaky.class);
            assertThat(results.testEvents().succeeded().count()).as("the test itself passes").isEqualTo(1);
            Event failed = results.containerEvents().failed().stream().findFirst().orElseThrow();
            Throwable why = failed.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                    .getThrowable().orElseThrow();
            assertThat(why).isInstanceOf(AssertionError.class).hasMessageContaining("left 2 thing(s) running")
                    .hasMessageContaining("non-daemon thread 'leaky-thread'").hasMessageContaining("sleep 600");
            assertThat(child.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("child killed").isTrue();
        } finally {
            RELEASE.countDown();
        }
    }

    @Test
    void a_class_that_cleans_up_passes() {
        EngineExecutionResults results = run(Tidy.class);
        assertThat(results.containerEvents().failed().count()).isZero();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
    }
}
