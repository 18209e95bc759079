package org.meternode.app.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The messages the node gives systemd, through a stand-in for the systemd-notify command that logs
 * its arguments (the real command and service manager: DebPackageIT, in a booted Debian root).
 */
class SystemdNotifyTest {
    @TempDir
    Path dir;

    @Test
    void without_a_notify_socket_there_is_no_notifier() {
        assertThat(SystemdNotify.fromEnvironment(Map.of("WATCHDOG_USEC", "1000000"), "x")).isEmpty();
        assertThat(SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", " "), "x")).isEmpty();
    }

    @Test
    void the_ping_interval_is_half_the_units_watchdog_timeout() {
        SystemdNotify n = SystemdNotify.fromEnvironment(
                Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "600000000"), "x").orElseThrow();
        assertThat(n.pingInterval()).contains(Duration.ofMinutes(5));
        assertThat(SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "/run/systemd/notify"), "x").orElseThrow()
                .pingInterval()).isEmpty();
        assertThatThrownBy(() -> SystemdNotify.fromEnvironment(
                Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "10min"), "x"))
                .hasMessageContaining("WATCHDOG_USEC").hasMessageContaining("'10min'");
    }

    @Test
    void ready_pings_and_stopping_go_out_as_sd_notify_assignments() throws Exception {
        Path log = dir.resolve("said");
        SystemdNotify n = new SystemdNotify(recorder(dir, log, 0).toString(), Optional.of(Duration.ofMinutes(10)));

        n.ready("sampling 1 channel(s) every 15m");
        n.feed();
        n.stopping();

        assertThat(Files.readAllLines(log)).containsExactly("READY=1 STATUS=sampling 1 channel(s) every 15m",
                "WATCHDOG=1", "STOPPING=1");
    }

    @Test
    void a_refused_message_is_an_error_that_names_it() throws Exception {
        SystemdNotify n = new SystemdNotify(recorder(dir, dir.resolve("said"), 3).toString(), Optional.empty());

        assertThatThrownBy(n::feed).isInstanceOf(IOException.class).hasMessageContaining("WATCHDOG=1")
                .hasMessageContaining("exited 3");
        assertThatThrownBy(() -> new SystemdNotify(dir.resolve("absent").toString(), Optional.empty()).feed())
                .isInstanceOf(IOException.class);
    }

    /** A systemd-notify stand-in: appends its arguments as one line, exits with {@code code}. */
    static Path recorder(Path dir, Path log, int code) throws IOException {
        Path script = dir.resolve("notify-" + code);
        Files.writeString(script, String.join("\n", List.of("#!/bin/sh", "echo \"$*\" >> '" + log + "'",
                "exit " + code, "")));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
