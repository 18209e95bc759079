package org.meternode.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves a child process or a live non-daemon thread behind (Californium's
 * ThreadsRule, for processes too). It notes what exists before the class and, after it, gives each
 * newcomer {@link #GRACE} to end (a process or thread being stopped may take a moment), then kills
 * what is still there so the next class starts clean, and fails naming each one. The IT tier turns it
 * on for every class by extension auto-detection (see the Failsafe configuration in the parent POM).
 */
public final class LeakCheck implements BeforeAllCallback, AfterAllCallback {
    /** How long a process or thread that is on its way out may take, unless {@link #GRACE_PARAMETER} says. */
    public static final Duration GRACE = Duration.ofSeconds(10);
    /** JUnit configuration parameter overriding {@link #GRACE}, as an ISO-8601 duration (PT0.2S). */
    public static final String GRACE_PARAMETER = "meternode.leak-check.grace";
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LeakCheck.class);

    private record Before(Set<Long> pids, Set<Long> threadIds) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put("before", new Before(
                ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet()),
                nonDaemonThreads().stream().map(Thread::threadId).collect(Collectors.toSet())));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Before before = context.getStore(NS).get("before", Before.class);
        if (before == null) {
            return;
        }
        Duration grace = context.getConfigurationParameter(GRACE_PARAMETER).map(Duration::parse).orElse(GRACE);
        long deadline = System.nanoTime() + grace.toNanos();
        List<String> leaks = new ArrayList<>();
        for (ProcessHandle p : ProcessHandle.current().descendants().filter(p -> !before.pids().contains(p.pid()))
                .toList()) {
            if (!awaitExit(p, deadline)) {
                leaks.add("child process " + p.pid() + " (" + p.info().commandLine().orElse("?") + ")");
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        for (Thread t : nonDaemonThreads()) {
            if (before.threadIds().contains(t.threadId())) {
                continue;
            }
            if (!awaitEnd(t, deadline)) {
                StackTraceElement[] stack = t.getStackTrace();
                leaks.add("non-daemon thread '" + t.getName() + "'"
                        + (stack.length > 0 ? " at " + stack[0] : ""));
            }
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError(context.getDisplayName() + " left " + leaks.size() + " thing(s) running "
                    + grace.toMillis() + " ms after it ended:\n  " + String.join("\n  ", leaks));
        }
    }

    private static List<Thread> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon() && !t.isVirtual() && t != Thread.currentThread()
                        && !"main".equals(t.getName()) && !"DestroyJavaVM".equals(t.getName()))
                .toList();
    }

    private static boolean awaitExit(ProcessHandle p, long deadlineNanos) {
        try {
            p.onExit().get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return !p.isAlive();
        } catch (ExecutionException e) {
            return !p.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    private static boolean awaitEnd(Thread t, long deadlineNanos) {
        try {
            t.join(Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }
}
