package org.meternode.board.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meternode.board.sim.SimTesting.VIRTUAL_START;
import static org.meternode.board.sim.SimTesting.WALL_START;
import static org.meternode.board.sim.SimTesting.allMeters;
import static org.meternode.board.sim.SimTesting.map;
import static org.meternode.board.sim.SimTesting.open;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.PulseInput;

class SimClockTest {
    @TempDir
    Path stateDir;

    private final ManualWallTime wall = new ManualWallTime(WALL_START);

    @Test
    void virtual_time_runs_at_speed_from_start() throws Exception {
        try (SimBoard board = open(wall, stateDir, map("start", VIRTUAL_START.toString(), "speed", 60))) {
            assertThat(board.clock().instant()).isEqualTo(VIRTUAL_START);
            wall.advance(Duration.ofSeconds(10));
            assertThat(board.clock().instant()).isEqualTo(VIRTUAL_START.plusSeconds(600));
            wall.advance(Duration.ofMillis(1));
            assertThat(board.clock().instant()).isEqualTo(VIRTUAL_START.plusMillis(600_060));
            assertThat(board.clock().epoch()).isEqualTo(VIRTUAL_START);
            assertThat(board.clock().speed()).isEqualTo(60);
        }
    }

    @Test
    void without_start_the_timeline_begins_at_the_wall_minute() throws Exception {
        try (SimBoard board = open(wall, stateDir, map())) {
            assertThat(board.clock().epoch()).isEqualTo(Instant.parse("2026-11-27T10:15:00Z"));
            assertThat(board.clock().instant()).isEqualTo(Instant.parse("2026-11-27T10:15:00Z"));
        }
    }

    @Test
    void reopening_continues_the_timeline_including_the_time_the_node_was_off() throws Exception {
        Instant beforeClose;
        long pulsesBeforeClose;
        try (SimBoard board = open(wall, stateDir, allMeters("speed", 60))) {
            wall.advance(Duration.ofMinutes(30));
            beforeClose = board.clock().instant();
            pulsesBeforeClose = board.pulseCounter(new PulseInput("grid", "GPIO17", Duration.ZERO)).read().total();
        }
        assertThat(beforeClose).isEqualTo(VIRTUAL_START.plus(Duration.ofHours(30)));
        assertThat(pulsesBeforeClose).isPositive();
        assertThat(stateDir.resolve("sim-clock.properties")).exists();
        assertThat(stateDir.resolve("sim-clock.properties.tmp")).doesNotExist();

        wall.advance(Duration.ofSeconds(90)); // the node is off; the meter keeps running
        // The same options, start included: the stored timeline wins.
        try (SimBoard board = open(wall, stateDir, allMeters("speed", 60))) {
            assertThat(board.clock().epoch()).isEqualTo(VIRTUAL_START);
            assertThat(board.clock().instant()).isEqualTo(beforeClose.plus(Duration.ofMinutes(90)));
            long pulsesAfter = board.pulseCounter(new PulseInput("grid", "GPIO17", Duration.ZERO)).read().total();
            assertThat(pulsesAfter).isGreaterThan(pulsesBeforeClose)
                    .isEqualTo(board.pulsesAt("GPIO17", beforeClose.plus(Duration.ofMinutes(90))));
        }
    }

    @Test
    void a_different_speed_re_anchors_at_the_stored_timeline_now() throws Exception {
        Instant before;
        try (SimBoard board = open(wall, stateDir, map("start", VIRTUAL_START.toString(), "speed", 60))) {
            wall.advance(Duration.ofMinutes(1));
            before = board.clock().instant();
        }
        wall.advance(Duration.ofSeconds(10));
        try (SimBoard board = open(wall, stateDir, map("start", VIRTUAL_START.toString(), "speed", 3600))) {
            Instant resumed = board.clock().instant();
            assertThat(resumed).isEqualTo(before.plusSeconds(600)); // the 10 s off still ran at the old speed
            wall.advance(Duration.ofSeconds(1));
            assertThat(board.clock().instant()).isEqualTo(resumed.plusSeconds(3600));
            assertThat(board.clock().epoch()).isEqualTo(VIRTUAL_START);
        }
        assertThat(Files.readString(stateDir.resolve("sim-clock.properties"))).contains("speed=3600.0");
    }

    @Test
    void a_wall_clock_set_back_never_moves_virtual_time_backwards() throws Exception {
        Instant before;
        try (SimBoard board = open(wall, stateDir, map("start", VIRTUAL_START.toString(), "speed", 10))) {
            wall.advance(Duration.ofMinutes(5));
            before = board.clock().instant();
            wall.set(WALL_START.minus(Duration.ofHours(1))); // NTP step while running
            assertThat(board.clock().instant()).isEqualTo(before);
        }
        try (SimBoard board = open(wall, stateDir, map("start", VIRTUAL_START.toString(), "speed", 10))) {
            assertThat(board.clock().instant()).isAfterOrEqualTo(VIRTUAL_START);
            wall.advance(Duration.ofSeconds(1));
            assertThat(board.clock().instant()).isAfter(VIRTUAL_START);
        }
    }

    @Test
    void an_unreadable_state_file_is_an_error_naming_it() throws Exception {
        Files.writeString(stateDir.resolve("sim-clock.properties"), "epoch=garbage\ncheck=00000000\n");
        assertThatThrownBy(() -> open(wall, stateDir, map()))
                .isInstanceOf(BoardException.class)
                .hasMessageContaining("sim-clock.properties")
                .hasMessageContaining("delete it");
    }

    @Test
    void sleeper_waits_the_virtual_distance_divided_by_speed() throws Exception {
        try (SimBoard board = open(wall, stateDir, map("start", VIRTUAL_START.toString(), "speed", 60))) {
            Instant deadline = VIRTUAL_START.plus(Duration.ofMinutes(15));
            board.sleeper().sleepUntil(deadline);
            assertThat(board.clock().instant()).isAfterOrEqualTo(deadline);
            assertThat(wall.sleeps()).containsExactly(Duration.ofSeconds(15));
            board.sleeper().sleepUntil(deadline.minusSeconds(1)); // already past: returns at once
            assertThat(wall.sleeps()).hasSize(1);
        }
    }

    @Test
    void sleeper_cuts_long_waits_and_rechecks() throws Exception {
        try (SimBoard board = open(wall, stateDir, map("start", VIRTUAL_START.toString()))) {
            board.sleeper().sleepUntil(VIRTUAL_START.plus(Duration.ofMinutes(2)).plusMillis(500));
            assertThat(wall.sleeps()).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(1),
                    Duration.ofMillis(500));
        }
    }

    @Test
    void sleeper_honours_an_interrupt() throws Exception {
        try (SimBoard board = open(wall, stateDir, map())) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> board.sleeper().sleepUntil(board.clock().instant().plusSeconds(60)))
                    .isInstanceOf(InterruptedException.class);
            assertThat(Thread.interrupted()).isFalse();
        }
    }

    @Test
    void sleeper_on_the_real_wall_clock_wakes_when_interrupted() throws Exception {
        try (SimBoard board = new SimBoardProvider().open(BoardOptions.of(map(), stateDir))) {
            CountDownLatch sleeping = new CountDownLatch(1);
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread sleeper = Thread.ofPlatform().name("sim-sleeper-test").start(() -> {
                try {
                    sleeping.countDown();
                    board.sleeper().sleepUntil(board.clock().instant().plus(Duration.ofDays(1)));
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            sleeping.await();
            sleeper.interrupt();
            assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
            sleeper.join(10_000);
        }
    }
}
