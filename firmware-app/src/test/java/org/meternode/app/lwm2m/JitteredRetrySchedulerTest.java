package org.meternode.app.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.leshan.client.engine.DefaultRegistrationEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.meternode.app.uplink.JitteredBackoff;

/**
 * Leshan 2.0.0-M15's own retry tasks, scheduled with its fixed wait, get a full-jitter pause
 * instead; everything else (registration update timers) keeps its delay.
 */
class JitteredRetrySchedulerTest {
    private static final Duration FIXED = Lwm2mNodeClient.LESHAN_RETRY_WAIT;
    private final ScheduledExecutorService real = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stop() throws InterruptedException {
        real.shutdownNow();
        assertThat(real.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void leshans_register_retry_waits_a_jittered_pause_not_the_fixed_one() throws Exception {
        Duration base = Duration.ofSeconds(1);
        Duration cap = Duration.ofSeconds(4);
        JitteredRetryScheduler scheduler = new JitteredRetryScheduler(real,
                new JitteredBackoff(base, cap, new SplittableRandom(11)), FIXED.toMillis());
        JitteredBackoff same = new JitteredBackoff(base, cap, new SplittableRandom(11));

        for (int attempt = 0; attempt < 4; attempt++) {
            Duration expected = same.next();
            ScheduledFuture<?> f = scheduler.schedule(leshanTask("RegistrationTask"), FIXED.toMillis(),
                    TimeUnit.MILLISECONDS);
            long delay = f.getDelay(TimeUnit.NANOSECONDS);
            f.cancel(false);
            assertThat(delay).as("attempt %d", attempt).isLessThanOrEqualTo(expected.toNanos())
                    .isGreaterThan(expected.toNanos() - TimeUnit.SECONDS.toNanos(1));
        }
        ScheduledFuture<?> bootstrap = scheduler.schedule(leshanTask("ClientInitiatedBootstrapTask"),
                FIXED.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(bootstrap.getDelay(TimeUnit.MILLISECONDS)).isLessThan(cap.toMillis());
        bootstrap.cancel(false);
    }

    @Test
    void other_tasks_and_other_delays_keep_their_schedule() throws Exception {
        JitteredRetryScheduler scheduler = new JitteredRetryScheduler(real,
                new JitteredBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4), new SplittableRandom(11)),
                FIXED.toMillis());

        ScheduledFuture<?> update = scheduler.schedule(leshanTask("UpdateRegistrationTask"), FIXED.toMillis(),
                TimeUnit.MILLISECONDS);
        ScheduledFuture<?> later = scheduler.schedule(leshanTask("RegistrationTask"), 3_600_000, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> plain = scheduler.schedule(() -> { }, FIXED.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(update.getDelay(TimeUnit.SECONDS)).isBetween(FIXED.toSeconds() - 2, FIXED.toSeconds());
        assertThat(later.getDelay(TimeUnit.MINUTES)).isBetween(58L, 60L);
        assertThat(plain.getDelay(TimeUnit.SECONDS)).isBetween(FIXED.toSeconds() - 2, FIXED.toSeconds());
        update.cancel(false);
        later.cancel(false);
        plain.cancel(false);
    }

    /** One of Leshan's nested task classes, made as the engine makes it (never run here). */
    private static Runnable leshanTask(String simpleName) throws Exception {
        Class<?> type = Class.forName(DefaultRegistrationEngine.class.getName() + "$" + simpleName);
        Constructor<?> c = type.getDeclaredConstructors()[0];
        c.setAccessible(true);
        return (Runnable) c.newInstance(new Object[c.getParameterCount()]); // engine and server: unused
    }
}
