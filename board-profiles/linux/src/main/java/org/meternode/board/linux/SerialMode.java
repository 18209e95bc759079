package org.meternode.board.linux;

import java.util.Arrays;
import java.util.List;

/** How the linux board opens serial ports: board option {@code serial}. */
enum SerialMode {
    /** jSerialComm, or stty and file I/O once jSerialComm cannot load its native library here. */
    AUTO("auto"),
    /** jSerialComm only: a missing native library is an error. */
    JSERIALCOMM("jserialcomm"),
    /** stty and plain file I/O, no native code ({@link SttySerialLine}). */
    STTY("stty");

    static final List<String> NAMES = Arrays.stream(values()).map(SerialMode::option).toList();

    private final String option;

    SerialMode(String option) {
        this.option = option;
    }

    /** The value as written in the config. */
    String option() {
        return option;
    }

    static SerialMode of(String option) {
        return Arrays.stream(values()).filter(m -> m.option.equals(option)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("serial mode " + option));
    }
}
