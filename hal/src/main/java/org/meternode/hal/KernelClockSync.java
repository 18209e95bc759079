package org.meternode.hal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The kernel's view of the system clock: synchronised once systemd-timesyncd marked it so
 * ({@code /run/systemd/timesync/synchronized}, written when adjtimex reports sync) or once
 * {@code timedatectl show -p NTPSynchronized} says yes (chrony, ntpd: the kernel's STA_UNSYNC
 * cleared). Where neither is available (no systemd, OpenWrt) the plausibility floor decides. Once
 * synchronised it stays so: a later loss of NTP leaves a free-running but right clock.
 */
public final class KernelClockSync implements ClockSync {
    /** systemd-timesyncd touches this file when the kernel clock is synchronised. */
    public static final Path TIMESYNCD_FLAG = Path.of("/run/systemd/timesync/synchronized");

    private final Path flag;
    private final Supplier<Optional<Boolean>> timedated;
    private final ClockSync fallback;
    private volatile boolean synced;
    private volatile String source = "not synchronised yet";

    /**
     * @param flag      the timesyncd flag file
     * @param timedated asks timedated; empty when it cannot answer (no systemd)
     * @param fallback  decides when neither source exists
     */
    public KernelClockSync(Path flag, Supplier<Optional<Boolean>> timedated, ClockSync fallback) {
        this.flag = flag;
        this.timedated = timedated;
        this.fallback = fallback;
    }

    /** The system's: timesyncd flag, timedatectl, else the release floor on the system clock. */
    public static KernelClockSync system() {
        return new KernelClockSync(TIMESYNCD_FLAG, KernelClockSync::timedatectl,
                ClockSync.plausibleAfter(java.time.Clock.systemUTC(), RELEASE_FLOOR));
    }

    @Override
    public boolean synchronised() {
        if (synced) {
            return true;
        }
        if (Files.exists(flag)) {
            return mark("NTP synchronized (" + flag + ")");
        }
        Optional<Boolean> answer = timedated.get();
        if (answer.isPresent()) {
            return answer.get() && mark("NTP synchronized (timedatectl)");
        }
        return fallback.synchronised() && mark(fallback.describe());
    }

    @Override
    public String describe() {
        return synced ? source : "kernel clock not synchronised (no " + flag + ", timedatectl says no or is"
                + " missing); " + fallback.describe();
    }

    private boolean mark(String why) {
        source = why;
        synced = true;
        return true;
    }

    /** {@code timedatectl show -p NTPSynchronized --value}: yes/no, empty when it cannot be run. */
    static Optional<Boolean> timedatectl() {
        try {
            Process p = new ProcessBuilder("timedatectl", "show", "-p", "NTPSynchronized", "--value")
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return Optional.empty();
            }
            return Optional.of(new String(out, StandardCharsets.US_ASCII).strip().equals("yes"));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
