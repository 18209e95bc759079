package org.meternode.hal;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes a {@link Sleeper} early without interrupting its thread, so that work under way (a sample,
 * a conversion) always finishes; interrupts stay reserved for shutdown. A signal given while nobody
 * sleeps is kept until the next sleep takes it.
 */
public final class WakeSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signalled = lock.newCondition();
    private boolean pending;

    /** Wakes the current or next sleep on this signal. */
    public void signal() {
        lock.lock();
        try {
            pending = true;
            signalled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** True, and cleared, if a signal is pending. */
    public boolean take() {
        lock.lock();
        try {
            boolean was = pending;
            pending = false;
            return was;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code wall} of real time for a signal; true (and cleared) if one came.
     *
     * @throws InterruptedException on shutdown
     */
    public boolean await(Duration wall) throws InterruptedException {
        long nanos = wall.toNanos();
        lock.lock();
        try {
            while (!pending && nanos > 0) {
                nanos = signalled.awaitNanos(nanos);
            }
            boolean was = pending;
            pending = false;
            return was;
        } finally {
            lock.unlock();
        }
    }

}
