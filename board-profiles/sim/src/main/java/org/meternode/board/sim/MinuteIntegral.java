package org.meternode.board.sim;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongToDoubleFunction;

/**
 * The running total since {@code epoch} of an amount accrued evenly within each UTC minute (kWh,
 * litres). Cumulative totals are cached at every day boundary and per minute for the latest day,
 * so a query a year after the epoch costs at most one day of minutes. Non-decreasing in time:
 * every total is built from the same prefix sums of non-negative amounts.
 */
final class MinuteIntegral {
    private static final int MINUTES_PER_BLOCK = 1440;

    private final Instant epoch;
    private final LongToDoubleFunction amountInMinute;
    private final long firstMinute;
    private final double epochFraction;

    /** Cumulative total at the start of block b (whole minutes from firstMinute). */
    private double[] blockStarts = new double[64];
    private int knownBlocks = 1;
    /** Cumulative totals at each minute of block {@code prefixBlock}. */
    private final double[] prefix = new double[MINUTES_PER_BLOCK + 1];
    private long prefixBlock = -1;

    /** @param amountInMinute amount accrued during UTC minute m (minutes since 1970); must be >= 0 */
    MinuteIntegral(Instant epoch, LongToDoubleFunction amountInMinute) {
        this.epoch = Objects.requireNonNull(epoch, "epoch");
        this.amountInMinute = Objects.requireNonNull(amountInMinute, "amountInMinute");
        this.firstMinute = minuteOf(epoch);
        this.epochFraction = fractionOfMinute(epoch);
    }

    /** The amount accrued from the epoch to {@code t}; 0 before the epoch. */
    synchronized double at(Instant t) {
        if (!t.isAfter(epoch)) {
            return 0;
        }
        long minute = minuteOf(t);
        double total = wholeMinutesBefore(minute) + amount(minute) * fractionOfMinute(t)
                - amount(firstMinute) * epochFraction;
        return Math.max(0, total);
    }

    private double wholeMinutesBefore(long minute) {
        long index = minute - firstMinute;
        long block = index / MINUTES_PER_BLOCK;
        if (block >= Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("too far after the sim epoch " + epoch + ": minute " + minute);
        }
        while (knownBlocks <= block) {
            fillPrefix(knownBlocks - 1);
            if (knownBlocks == blockStarts.length) {
                blockStarts = Arrays.copyOf(blockStarts, blockStarts.length * 2);
            }
            blockStarts[knownBlocks++] = prefix[MINUTES_PER_BLOCK];
        }
        fillPrefix(block);
        return prefix[(int) (index % MINUTES_PER_BLOCK)];
    }

    private void fillPrefix(long block) {
        if (block == prefixBlock) {
            return;
        }
        long start = firstMinute + block * MINUTES_PER_BLOCK;
        prefix[0] = blockStarts[(int) block];
        for (int i = 0; i < MINUTES_PER_BLOCK; i++) {
            prefix[i + 1] = prefix[i] + amount(start + i);
        }
        prefixBlock = block;
    }

    private double amount(long minute) {
        return Math.max(0, amountInMinute.applyAsDouble(minute));
    }

    static long minuteOf(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), 60);
    }

    private static double fractionOfMinute(Instant t) {
        return (Math.floorMod(t.getEpochSecond(), 60) + t.getNano() / 1e9) / 60.0;
    }
}
