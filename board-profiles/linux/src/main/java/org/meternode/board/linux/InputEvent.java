package org.meternode.board.linux;

/**
 * One {@code struct input_event} from an evdev device: the kernel's timestamp, type, code and value.
 *
 * @param micros the event's time in microseconds (seconds × 10^6 + microseconds of the timeval)
 */
record InputEvent(long micros, int type, int code, int value) {
    /** Synchronisation events (include/uapi/linux/input-event-codes.h). */
    static final int EV_SYN = 0x00;
    /** Keys and buttons; gpio-keys reports here by default. */
    static final int EV_KEY = 0x01;
    /** EV_SYN code: the kernel's buffer overflowed and events were lost. */
    static final int SYN_DROPPED = 3;
    static final int KEY_RELEASE = 0;
    static final int KEY_PRESS = 1;
    static final int KEY_REPEAT = 2;
}
