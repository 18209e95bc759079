package org.meternode.board.linux;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The linux board's options, validated.
 *
 * @param sysfsRoot where the sysfs tree is mounted ({@code /sys})
 * @param devRoot   where device nodes live ({@code /dev})
 * @param pins      pin name to what it is in the kernel, in config order
 * @param watchdog  the watchdog device name under dev-root ({@code watchdog0}), if the node should feed one
 * @param rtc       the RTC name under {@code class/rtc} ({@code rtc0}), if the node should program wake alarms
 * @param tamper    the declared gpio input pin of the tamper switch
 * @param statusLed the declared led or gpio output pin of the status LED
 * @param serial    how serial ports are opened
 */
record LinuxOptions(Path sysfsRoot, Path devRoot, Map<String, PinSpec> pins, Optional<String> watchdog,
        Optional<String> rtc, Optional<String> tamper, Optional<String> statusLed, SerialMode serial) {
    LinuxOptions {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(tamper, "tamper");
        Objects.requireNonNull(statusLed, "statusLed");
        Objects.requireNonNull(sysfsRoot, "sysfsRoot");
        Objects.requireNonNull(devRoot, "devRoot");
        Objects.requireNonNull(watchdog, "watchdog");
        Objects.requireNonNull(rtc, "rtc");
        pins = Collections.unmodifiableMap(new LinkedHashMap<>(pins));
    }

    KernelPaths paths() {
        return new KernelPaths(sysfsRoot, devRoot);
    }
}
