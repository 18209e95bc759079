package org.meternode.tools.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fleet's readings are a pure function of (seed, node, interval, stream); its policy stays in bounds. */
class FleetStreamsTest {
    @Test
    void streams_are_named_and_placed_as_a_real_node_names_and_places_them() {
        FleetStreams streams = new FleetStreams(6, 1);
        assertThat(streams.all()).extracting(FleetStreams.Stream::name)
                .containsExactly("grid.energy", "grid.power", "grid.voltage", "grid.current", "grid1.energy", "grid1.power");
        assertThat(streams.all()).extracting(s -> "/" + s.object().objectId() + "/" + s.instance() + "/"
                + s.object().valueResource())
                .containsExactly("/3331/0/5700", "/3305/0/5800", "/3316/0/5700", "/3317/0/5700", "/3331/1/5700",
                        "/3305/1/5800");
    }

    @Test
    void values_repeat_for_the_same_seed_and_energy_only_grows() {
        FleetStreams a = new FleetStreams(4, 42);
        FleetStreams b = new FleetStreams(4, 42);
        FleetStreams other = new FleetStreams(4, 43);
        int differ = 0;
        for (int node = 0; node < 50; node++) {
            for (long k = 1; k <= 20; k++) {
                for (int s = 0; s < 4; s++) {
                    assertThat(a.value(node, k, s)).isEqualTo(b.value(node, k, s));
                    differ += Double.compare(a.value(node, k, s), other.value(node, k, s)) != 0 ? 1 : 0;
                }
                assertThat(a.value(node, k + 1, 0)).isGreaterThan(a.value(node, k, 0));
            }
        }
        assertThat(differ).isGreaterThan(50 * 20 * 3);
    }

    @Test
    void send_offsets_are_stable_per_endpoint_and_inside_the_window() {
        Duration window = Duration.ofSeconds(45);
        for (int i = 0; i < 500; i++) {
            String ep = "fleet-" + i;
            Duration offset = NodePolicy.sendOffset(ep, window);
            assertThat(offset).isEqualTo(NodePolicy.sendOffset(ep, window)).isLessThan(window)
                    .isGreaterThanOrEqualTo(Duration.ZERO);
        }
        assertThat(NodePolicy.sendOffset("x", Duration.ZERO)).isZero();
    }

    @Test
    void backoff_ceilings_double_up_to_the_cap_and_reset() {
        RetryDelays backoff = NodePolicy.backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), new SplittableRandom(3));
        long[] ceilings = {1, 2, 4, 8, 8, 8};
        for (long ceiling : ceilings) {
            for (int i = 0; i < 200; i++) {
                RetryDelays fresh = NodePolicy.backoff(Duration.ofSeconds(1), Duration.ofSeconds(8),
                        new SplittableRandom(i));
                for (long c : ceilings) {
                    Duration d = fresh.next();
                    assertThat(d).isBetween(Duration.ZERO, Duration.ofSeconds(c));
                    if (c == ceiling) {
                        break;
                    }
                }
            }
            backoff.next();
        }
        assertThat(backoff.attempts()).isEqualTo(ceilings.length);
        backoff.reset();
        assertThat(backoff.attempts()).isZero();
    }

    @Test
    void percentiles_are_nearest_rank() {
        long[] v = new long[100];
        for (int i = 0; i < 100; i++) {
            v[i] = 100 - i;
        }
        assertThat(FleetStats.percentile(v, 50)).isEqualTo(50);
        assertThat(FleetStats.percentile(v, 99)).isEqualTo(99);
        assertThat(FleetStats.percentile(new long[0], 50)).isEqualTo(-1);
    }
}
