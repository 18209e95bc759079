package org.meternode.app.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The send offset: a pure function of endpoint and window, inside the window, and even over a fleet. */
class SendSpreadTest {
    private static final Duration WINDOW = Duration.ofSeconds(90);

    @Test
    void the_default_window_is_a_tenth_of_the_interval() {
        assertThat(SendSpread.defaultWindow(Duration.ofMinutes(15))).isEqualTo(Duration.ofSeconds(90));
        assertThat(SendSpread.defaultWindow(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void the_offset_is_the_same_for_the_same_endpoint_in_every_instance() {
        Duration first = new SendSpread("meter-0042", WINDOW).offset();

        assertThat(new SendSpread("meter-0042", WINDOW).offset()).isEqualTo(first);
        assertThat(new SendSpread(new String("meter-0042".toCharArray()), WINDOW).offset()).isEqualTo(first);
        assertThat(new SendSpread("meter-0043", WINDOW).offset()).isNotEqualTo(first);
    }

    @Test
    void the_offset_is_the_hash_fraction_of_the_window_as_specified() throws Exception {
        byte[] sha = MessageDigest.getInstance("SHA-256").digest("meter-0042".getBytes(StandardCharsets.UTF_8));
        BigInteger fraction = new BigInteger(1, Arrays.copyOf(sha, 8));
        long expected = fraction.multiply(BigInteger.valueOf(WINDOW.toNanos())).shiftRight(64).longValueExact();

        assertThat(new SendSpread("meter-0042", WINDOW).offset()).isEqualTo(Duration.ofNanos(expected));
    }

    @Test
    void a_zero_window_means_no_wait() {
        SendSpread none = new SendSpread("meter-0042", Duration.ZERO);

        assertThat(none.offset()).isZero();
        assertThat(none.window()).isZero();
    }

    @Test
    void a_negative_window_is_refused_naming_the_endpoint() {
        assertThatThrownBy(() -> new SendSpread("meter-0042", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("meter-0042")
                .hasMessageContaining("negative");
    }

    @Test
    void ten_thousand_endpoints_spread_evenly_over_the_window() {
        int nodes = 10_000;
        int buckets = 20;
        int[] counts = new int[buckets];
        for (int i = 0; i < nodes; i++) {
            Duration offset = new SendSpread(String.format("meter-%05d", i), WINDOW).offset();
            assertThat(offset).isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(WINDOW);
            counts[(int) (offset.toNanos() * buckets / WINDOW.toNanos())]++;
        }
        double expected = (double) nodes / buckets;
        double chiSquare = Arrays.stream(counts).mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();

        // 19 degrees of freedom: 36.19 is the 99th percentile of chi-square; a clumped spread is far above it.
        assertThat(chiSquare).as("chi-square over %d buckets %s", buckets, Arrays.toString(counts)).isLessThan(36.19);
        assertThat(Arrays.stream(counts).max().orElseThrow()).as("fullest 4.5 s bucket")
                .isLessThan((int) (expected * 1.15));
    }

    @Test
    void the_offset_is_inside_even_a_one_nanosecond_window() {
        for (int i = 0; i < 100; i++) {
            assertThat(new SendSpread("node-" + i, Duration.ofNanos(1)).offset()).isZero();
        }
    }
}
