package org.meternode.app.lwm2m;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.meternode.app.uplink.JitteredBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registration engine's scheduler, passing everything through except Leshan's retry waits: a
 * Register or Bootstrap task scheduled with exactly the engine's fixed retry delay runs after a
 * pause drawn from {@link JitteredBackoff} instead. Update timers and first attempts are untouched.
 */
final class JitteredRetryScheduler implements ScheduledExecutorService {
    private static final Logger LOG = LoggerFactory.getLogger(JitteredRetryScheduler.class);
    /** Leshan's own task classes (nested in DefaultRegistrationEngine) whose delayed runs are retries. */
    private static final List<String> RETRY_TASKS = List.of("DefaultRegistrationEngine$RegistrationTask",
            "DefaultRegistrationEngine$ClientInitiatedBootstrapTask");

    private final ScheduledExecutorService delegate;
    private final JitteredBackoff retries;
    private final long fixedRetryMillis;

    JitteredRetryScheduler(ScheduledExecutorService delegate, JitteredBackoff retries, long fixedRetryMillis) {
        this.delegate = delegate;
        this.retries = retries;
        this.fixedRetryMillis = fixedRetryMillis;
    }

    /** Whether {@code task}, scheduled {@code delay} ahead, is one of the engine's retries. */
    boolean isRetry(Runnable task, long delay, TimeUnit unit) {
        String name = task.getClass().getName();
        return unit.toMillis(delay) == fixedRetryMillis && RETRY_TASKS.stream().anyMatch(name::endsWith);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (!isRetry(command, delay, unit)) {
            return delegate.schedule(command, delay, unit);
        }
        Duration pause = retries.next();
        LOG.info("registration: next attempt in {} ms (full-jitter back-off, attempt {})", pause.toMillis(),
                retries.attempts());
        return delegate.schedule(command, pause.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return delegate.schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return delegate.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return delegate.scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return delegate.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return delegate.awaitTermination(timeout, unit);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return delegate.submit(task);
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return delegate.submit(task, result);
    }

    @Override
    public Future<?> submit(Runnable task) {
        return delegate.submit(task);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return delegate.invokeAll(tasks);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        return delegate.invokeAll(tasks, timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        return delegate.invokeAny(tasks);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return delegate.invokeAny(tasks, timeout, unit);
    }

    @Override
    public void execute(Runnable command) {
        delegate.execute(command);
    }
}
