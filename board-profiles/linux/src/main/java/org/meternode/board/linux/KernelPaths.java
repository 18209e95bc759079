package org.meternode.board.linux;

import java.nio.file.Path;

/**
 * Where the kernel's files are, under a sysfs root and a device root, so that tests can lay out the
 * same trees in a temporary directory.
 */
record KernelPaths(Path sysfsRoot, Path devRoot) {

    Path counterCount(String device, String count) {
        return sysfsRoot.resolve("bus/counter/devices").resolve(device).resolve(count).resolve("count");
    }

    Path inputDevice(String device) {
        return devRoot.resolve(device);
    }

    Path iioDevice(String device) {
        return sysfsRoot.resolve("bus/iio/devices").resolve(device);
    }

    Path gpioClass() {
        return sysfsRoot.resolve("class/gpio");
    }

    Path gpio(int number) {
        return gpioClass().resolve("gpio" + number);
    }

    Path led(String name) {
        return sysfsRoot.resolve("class/leds").resolve(name);
    }

    Path watchdog(String name) {
        return devRoot.resolve(name);
    }

    Path rtcWakealarm(String name) {
        return sysfsRoot.resolve("class/rtc").resolve(name).resolve("wakealarm");
    }
}
