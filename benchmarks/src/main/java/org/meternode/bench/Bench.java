package org.meternode.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code ./bench [REGEX]}: runs the benchmarks of this package (or those whose name matches REGEX)
 * with JMH in short forked runs, then prints one table of meternode's figures against the peer each
 * was measured with, and the machine. JMH's own report goes to {@code benchmarks/target/jmh.log}.
 */
public final class Bench {
    static final int FORKS = 1;
    static final int WARMUP_ITERATIONS = 2;
    static final int MEASUREMENT_ITERATIONS = 3;
    static final TimeValue ITERATION_TIME = TimeValue.seconds(1);

    private Bench() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        String include = args.length > 0 ? args[0] : Bench.class.getPackageName() + "\\..*Benchmark";
        Path log = Path.of(System.getProperty("bench.log", "benchmarks/target/jmh.log")).toAbsolutePath();
        Files.createDirectories(log.getParent());
        Options options = new OptionsBuilder()
                .include(include)
                .forks(FORKS)
                .warmupIterations(WARMUP_ITERATIONS).warmupTime(ITERATION_TIME)
                .measurementIterations(MEASUREMENT_ITERATIONS).measurementTime(ITERATION_TIME)
                .addProfiler(GCProfiler.class) // cheap: reads the JVM's allocation counters
                .jvmArgsAppend("-Xmx256m")
                .shouldFailOnError(true)
                .output(log.toString())
                .build();
        System.err.println("bench: running JMH (" + FORKS + " fork, " + WARMUP_ITERATIONS + " x "
                + ITERATION_TIME + " warm-up, " + MEASUREMENT_ITERATIONS + " x " + ITERATION_TIME
                + " measured, per benchmark); its log: " + log);
        Collection<RunResult> results = new Runner(options).run();
        Report report = new Report(results);
        System.out.println(report.table());
        System.out.println(machine(results));
        System.out.println(Report.LEGEND);
    }

    /** Cores, CPU model, OS and the JDK the forks ran on, and how long each figure was measured. */
    static String machine(Collection<RunResult> results) {
        Optional<RunResult> any = results.stream().findFirst();
        String jdk = any.map(r -> r.getParams().getJdkVersion() + " (" + r.getParams().getVmName() + " "
                + r.getParams().getVmVersion() + ")").orElse(System.getProperty("java.version"));
        return "machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel() + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "; JDK " + jdk
                + "; JMH " + FORKS + " fork, " + WARMUP_ITERATIONS + "+" + MEASUREMENT_ITERATIONS + " iterations of "
                + ITERATION_TIME;
    }

    /** The CPU model /proc/cpuinfo names, or "unknown CPU". */
    public static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            return lines.stream().filter(l -> l.startsWith("model name") || l.startsWith("Model"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
