package org.meternode.board.linux;

import java.util.List;
import java.util.Objects;

/** What one declared pin is in the kernel's trees; the {@code kind} key of a pin in the options. */
sealed interface PinSpec {
    String kind();

    List<String> KINDS = List.of(Counter.KIND, InputEvent.KIND, Iio.KIND, Ina2xx.KIND, Gpio.KIND, Led.KIND);

    /**
     * A count of the kernel counter subsystem ({@code interrupt-cnt} and other counter drivers).
     *
     * @param bits the counter's width: totals are taken modulo 2^bits and a wrap is unfolded
     */
    record Counter(String device, String count, int bits) implements PinSpec {
        static final String KIND = "counter";
        static final int DEFAULT_BITS = 32;

        public Counter {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(count, "count");
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** Key presses of one key code on an evdev device (gpio-keys), {@code device} relative to dev-root. */
    record InputEvent(String device, int code) implements PinSpec {
        static final String KIND = "input-event";

        public InputEvent {
            Objects.requireNonNull(device, "device");
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * A voltage channel of an IIO ADC.
     *
     * @param channel          the part after {@code in_voltage}: {@code 0}, or {@code 0-voltage1} for a
     *                         differential pair
     * @param samplesPerSecond the pace when the device has no sampling-frequency attribute
     */
    record Iio(String device, String channel, double samplesPerSecond) implements PinSpec {
        static final String KIND = "iio";
        static final double DEFAULT_SAMPLES_PER_SECOND = 860;

        public Iio {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(channel, "channel");
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** A power monitor bound to the kernel's IIO {@code ina2xx} driver (INA219, INA226, ...). */
    record Ina2xx(String device) implements PinSpec {
        static final String KIND = "ina2xx";

        public Ina2xx {
            Objects.requireNonNull(device, "device");
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** A line of the legacy sysfs GPIO interface, by its global kernel number. */
    record Gpio(int number, Direction direction) implements PinSpec {
        static final String KIND = "gpio";

        public Gpio {
            Objects.requireNonNull(direction, "direction");
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** An LED of the LED class ({@code /sys/class/leds/NAME}). */
    record Led(String name) implements PinSpec {
        static final String KIND = "led";

        public Led {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** A GPIO line's direction, as written to its {@code direction} attribute. */
    enum Direction {
        IN("in"), OUT("out");

        private final String sysfs;

        Direction(String sysfs) {
            this.sysfs = sysfs;
        }

        String sysfs() {
            return sysfs;
        }

        static Direction of(String text) {
            return text.equals("in") ? IN : OUT;
        }
    }
}
