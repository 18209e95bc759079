package org.meternode.hal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel's sync state through the timesyncd flag, timedatectl, and the plausibility floor. */
class KernelClockSyncTest {
    private static final Instant FLOOR = Instant.parse("2026-12-01T00:00:00Z");
    private static final Clock IN_1970 = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void the_timesyncd_flag_file_means_synchronised_and_it_stays_so() throws Exception {
        Path flag = dir.resolve("synchronized");
        KernelClockSync sync = new KernelClockSync(flag, () -> Optional.of(false),
                ClockSync.plausibleAfter(IN_1970, FLOOR));
        assertThat(sync.synchronised()).isFalse();

        Files.createFile(flag);
        assertThat(sync.synchronised()).isTrue();
        Files.delete(flag);

        assertThat(sync.synchronised()).as("NTP lost later: the clock runs on, still right").isTrue();
        assertThat(sync.describe()).isEqualTo("NTP synchronized (" + flag + ")");
    }

    @Test
    void timedatectl_answers_when_there_is_no_flag_file() {
        AtomicReference<Optional<Boolean>> answer = new AtomicReference<>(Optional.of(false));
        KernelClockSync sync = new KernelClockSync(dir.resolve("none"), answer::get,
                ClockSync.plausibleAfter(IN_1970, FLOOR));
        assertThat(sync.synchronised()).isFalse();
        assertThat(sync.describe()).startsWith("kernel clock not synchronised");

        answer.set(Optional.of(true));

        assertThat(sync.synchronised()).isTrue();
        assertThat(sync.describe()).isEqualTo("NTP synchronized (timedatectl)");
    }

    @Test
    void without_systemd_the_floor_decides() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.EPOCH);
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        KernelClockSync sync = new KernelClockSync(dir.resolve("none"), Optional::empty,
                ClockSync.plausibleAfter(clock, FLOOR));
        assertThat(sync.synchronised()).as("1970").isFalse();

        now.set(FLOOR);

        assertThat(sync.synchronised()).isTrue();
        assertThat(sync.describe()).isEqualTo("no sync source: trusted at or after " + FLOOR);
    }
}
