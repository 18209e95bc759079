package org.meternode.bench.footprint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What Linux says about a running process: its resident set, and per thread the number of times it
 * went to sleep to be woken later (voluntary context switches) and its CPU time.
 */
final class ProcessProbe {
    /** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on every Linux ABI in use). */
    static final double TICKS_PER_SECOND = 100;

    private final long pid;

    ProcessProbe(long pid) {
        this.pid = pid;
    }

    /** Resident set size in KiB (VmRSS), or -1 once the process is gone. */
    long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** One thread's counters at one moment. */
    record ThreadCounters(String name, long switches, long cpuTicks) {
    }

    /** Every thread's counters now, by thread id. */
    Map<Long, ThreadCounters> threads() throws IOException {
        Map<Long, ThreadCounters> out = new HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : list.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    long switches = 0;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        // A thread that blocks is woken later: voluntary switches count wakeups. Involuntary
                        // ones are preemptions by other work on the machine, not the node waking up.
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            switches += Long.parseLong(line.replaceAll("\\D", ""));
                        }
                    }
                    // stat: "tid (comm) state ..." where comm may hold spaces; utime and stime are fields 14 and 15.
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    out.put(Long.parseLong(task.getFileName().toString()), new ThreadCounters(name, switches, ticks));
                } catch (NoSuchFileException gone) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return out;
    }

    /** Wakeups and CPU ticks per thread name between two snapshots (threads born meanwhile count from 0). */
    static Map<String, long[]> delta(Map<Long, ThreadCounters> before, Map<Long, ThreadCounters> after) {
        Map<String, long[]> byName = new HashMap<>();
        after.forEach((tid, now) -> {
            ThreadCounters then = before.get(tid);
            long switches = now.switches() - (then == null ? 0 : then.switches());
            long ticks = now.cpuTicks() - (then == null ? 0 : then.cpuTicks());
            long[] sum = byName.computeIfAbsent(now.name(), n -> new long[2]);
            sum[0] += switches;
            sum[1] += ticks;
        });
        return byName;
    }
}
