package org.meternode.hal.meter.iec62056;

import java.util.OptionalInt;
import org.meternode.hal.meter.DecodingException;

/**
 * The acknowledgement/option select message of IEC 62056-21 (6.3.3): {@code ACK V Z Y CR LF}. V is the
 * protocol control character, Z the baud rate character, Y the mode ('0' data readout, '1' programming).
 * A half-duplex optical probe echoes it, so captures often hold it in front of the data message.
 */
public record Iec62056OptionSelect(char protocolControl, char baudCharacter, char mode) {
    static final int ACK = 0x06;
    static final int LENGTH = 6;

    /** Decodes the six bytes at {@code from}; offsets in errors refer to the whole input. */
    static Iec62056OptionSelect decode(byte[] b, int from) throws DecodingException {
        if (from + LENGTH > b.length) {
            throw new DecodingException("option select message cut short (" + (b.length - from) + " of 6 bytes)",
                    b.length);
        }
        if (b[from] != ACK) {
            throw new DecodingException(String.format("option select does not start with ACK but 0x%02X", b[from]),
                    from);
        }
        if (b[from + 4] != '\r' || b[from + 5] != '\n') {
            throw new DecodingException("option select message does not end with CR LF", from + 4);
        }
        for (int i = from + 1; i < from + 4; i++) {
            if (b[i] < '0' || b[i] > 'Z') {
                throw new DecodingException(String.format("character 0x%02X not allowed in an option select", b[i]), i);
            }
        }
        return new Iec62056OptionSelect((char) b[from + 1], (char) b[from + 2], (char) b[from + 3]);
    }

    /** The rate the data message follows at in mode C (the same table as the identification's). */
    public OptionalInt baud() {
        return Iec62056Identification.modeCBaud(baudCharacter);
    }
}
