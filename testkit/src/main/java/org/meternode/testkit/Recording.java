package org.meternode.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Things that arrive on other threads (a child process's lines, readings at a head-end), kept in
 * arrival order. Writers call {@link #add}; readers take {@link #snapshot()}s or wait on a
 * condition that each {@code add} signals, so no reader ever walks a list that is being appended to
 * and no test waits with a fixed sleep.
 */
public class Recording<T> implements Consumer<T>, Iterable<T> {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();
    private final List<T> items = new ArrayList<>();
    private final String what;

    /** @param what what is recorded, for timeout messages ("node output", "readings at the head-end") */
    public Recording(String what) {
        this.what = what;
    }

    /** Appends one item and wakes every waiter. */
    public void add(T item) {
        lock.lock();
        try {
            items.add(item);
            added.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void accept(T item) {
        add(item);
    }

    /** A copy of everything recorded so far, in order. */
    public List<T> snapshot() {
        lock.lock();
        try {
            return List.copyOf(items);
        } finally {
            lock.unlock();
        }
    }

    /** Iterates over a snapshot, so AssertJ's {@code assertThat(recording).anyMatch(...)} is safe. */
    @Override
    public Iterator<T> iterator() {
        return snapshot().iterator();
    }

    /** A stream over a snapshot. */
    public Stream<T> stream() {
        return snapshot().stream();
    }

    /** Forgets everything recorded so far (a test phase starts afresh). */
    public void clear() {
        lock.lock();
        try {
            items.clear();
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    /** The first recorded item that matches, if any. */
    public Optional<T> first(Predicate<? super T> match) {
        return snapshot().stream().filter(match).findFirst();
    }

    public long count(Predicate<? super T> match) {
        return snapshot().stream().filter(match).count();
    }

    /** Waits until an item matches and returns the first that does; fails with what was seen. */
    public T await(Predicate<? super T> match, Duration timeout) {
        awaitCount(match, 1, timeout);
        return first(match).orElseThrow();
    }

    /** Waits until at least {@code n} items match; returns them (all matches so far). */
    public List<T> awaitCount(Predicate<? super T> match, long n, Duration timeout) {
        return awaitUntil(all -> {
            List<T> matches = all.stream().filter(match).toList();
            return matches.size() >= n ? matches : null;
        }, timeout, () -> n + " matching item(s) of " + what + ", saw "
                + snapshot().stream().filter(match).count() + " of " + items.size() + " recorded");
    }

    /** Waits until {@code condition} holds for the whole recording (re-checked at each add). */
    public List<T> awaitAll(Predicate<? super List<T>> condition, Duration timeout) {
        return awaitUntil(all -> condition.test(all) ? all : null, timeout,
                () -> "a condition on " + what + " (" + items.size() + " recorded)");
    }

    /** Re-checks at each add until {@code check} gives a result (not null), or fails saying what it waited for. */
    private <R> R awaitUntil(Function<List<T>, R> check, Duration timeout, Supplier<String> waitedFor) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                R result = check.apply(List.copyOf(items));
                if (result != null) {
                    return result;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("waited " + timeout + " for " + waitedFor.get() + tail());
                }
                added.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        } finally {
            lock.unlock();
        }
    }

    private String tail() {
        int from = Math.max(0, items.size() - 15);
        if (items.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("; last " + (items.size() - from) + ":");
        for (T t : items.subList(from, items.size())) {
            b.append("\n  ").append(t);
        }
        return b.toString();
    }

    static boolean containsAll(String line, String... parts) {
        for (String p : parts) {
            if (!line.contains(p)) {
                return false;
            }
        }
        return true;
    }
}
