package org.meternode.hal.meter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Assertions;

/**
 * Runs a decoder over fuzz inputs: only {@link DecodingException} may come out, each call must
 * return quickly, and every input ends accepted or rejected (the two counts add up).
 */
public final class FuzzRun {
    /** A decoder under test. */
    @FunctionalInterface
    public interface Decoder {
        void decode(byte[] input) throws DecodingException;
    }

    public static final int ITERATIONS = 100_000;
    /**
     * Bound for one decode after warm-up. Decodes take microseconds; the bound is loose because the
     * build machine is shared, and a pathological input (a loop, quadratic work) would exceed it.
     */
    private static final Duration SLOWEST_ALLOWED = Duration.ofSeconds(1);
    private static final int WARM_UP = 2_000;

    private int accepted;
    private int rejected;
    private int checksumRejections;
    private long slowestNanos;
    private final java.util.Map<String, Integer> reasons = new java.util.HashMap<>();

    public static FuzzRun run(Mutator mutator, Decoder decoder) {
        FuzzRun run = new FuzzRun();
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run.loop(mutator, decoder),
                "a decoder hung");
        System.out.printf("fuzz: %d accepted, %d rejected (%d by checksum), slowest decode %d us%n", run.accepted,
                run.rejected, run.checksumRejections, run.slowestNanos / 1000);
        run.reasons.entrySet().stream().sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(12).forEach(e -> System.out.printf("  %6d %s%n", e.getValue(), e.getKey()));
        assertThat(run.accepted + run.rejected).isEqualTo(ITERATIONS);
        assertThat(Duration.ofNanos(run.slowestNanos)).as("slowest single decode after warm-up")
                .isLessThan(SLOWEST_ALLOWED);
        return run;
    }

    private void loop(Mutator mutator, Decoder decoder) {
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = mutator.next();
            long start = System.nanoTime();
            try {
                decoder.decode(input);
                accepted++;
            } catch (ChecksumException e) {
                rejected++;
                checksumRejections++;
            } catch (DecodingException e) {
                rejected++;
                reasons.merge(e.getMessage().replaceAll("[0-9A-F]{2}h|\\d+|'[^']*'", "#"), 1, Integer::sum);
            } catch (RuntimeException | Error e) {
                throw new AssertionError("input " + i + " escaped as " + e + ": " + HexFormat.of().formatHex(input), e);
            }
            if (i >= WARM_UP) {
                slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
            }
        }
    }

    public int accepted() {
        return accepted;
    }

    public int rejected() {
        return rejected;
    }

    /** Rejections for a checksum/CRC/BCC mismatch (the rest failed earlier or later checks). */
    public int checksumRejections() {
        return checksumRejections;
    }
}
