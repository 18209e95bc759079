package org.meternode.hal.meter.iec62056;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.meternode.hal.meter.DecodingException;

/**
 * The identification message of IEC 62056-21 (6.3.14): {@code /XXXZ\W..Ident CR LF}. XXX is the
 * manufacturer's three-letter flag code (a lowercase third letter means a 20 ms reaction time), Z
 * the baud rate character, each {@code \W} an enhanced identification, Ident up to 16 characters.
 *
 * @param enhanced the characters following each backslash, in order ("" when none)
 */
public record Iec62056Identification(String manufacturer, char baudCharacter, String enhanced, String identification) {
    private static final int MAX_IDENTIFICATION = 16;

    /** Decodes one identification line, '/' through CR LF. */
    public static Iec62056Identification decode(byte[] line) throws DecodingException {
        if (line.length == 0 || line[0] != '/') {
            throw new DecodingException("identification does not start with '/'", 0);
        }
        int end = line.length - 2;
        if (line.length < 7 || line[end] != '\r' || line[end + 1] != '\n') {
            throw new DecodingException("identification does not end with CR LF", Math.max(0, end));
        }
        for (int i = 1; i < end; i++) {
            int c = line[i] & 0xFF;
            if (c < 0x20 || c > 0x7E || c == '/' || c == '!') {
                throw new DecodingException(String.format("character 0x%02X not allowed in an identification", c), i);
            }
        }
        String text = new String(line, 1, end - 1, StandardCharsets.US_ASCII);
        for (int i = 0; i < 3; i++) {
            if (!Character.isLetter(text.charAt(i))) {
                throw new DecodingException("manufacturer '" + text.substring(0, 3) + "' is not three letters", 1 + i);
            }
        }
        char baud = text.charAt(3);
        StringBuilder enhanced = new StringBuilder();
        int i = 4;
        while (i + 1 < text.length() && text.charAt(i) == '\\') {
            enhanced.append(text.charAt(i + 1));
            i += 2;
        }
        String identification = text.substring(i);
        if (identification.isEmpty() || identification.length() > MAX_IDENTIFICATION) {
            throw new DecodingException("identification '" + identification + "' is not 1 to 16 characters", 1 + i);
        }
        return new Iec62056Identification(text.substring(0, 3), baud, enhanced.toString(), identification);
    }

    /** Mode C/E: the rate the meter offers after the option select message (table 2 of 6.3.14). */
    public OptionalInt modeCBaud() {
        return modeCBaud(baudCharacter);
    }

    /** Table 2 of 6.3.14: the mode C rate a baud rate character stands for. */
    static OptionalInt modeCBaud(char baudCharacter) {
        return switch (baudCharacter) {
            case '0' -> OptionalInt.of(300);
            case '1' -> OptionalInt.of(600);
            case '2' -> OptionalInt.of(1200);
            case '3' -> OptionalInt.of(2400);
            case '4' -> OptionalInt.of(4800);
            case '5' -> OptionalInt.of(9600);
            case '6' -> OptionalInt.of(19200);
            default -> OptionalInt.empty(); // '7'..'9' reserved; letters are mode B; anything else mode A
        };
    }

    /** Mode B: the rate the meter switches to by itself after the identification. */
    public OptionalInt modeBBaud() {
        return switch (baudCharacter) {
            case 'A' -> OptionalInt.of(600);
            case 'B' -> OptionalInt.of(1200);
            case 'C' -> OptionalInt.of(2400);
            case 'D' -> OptionalInt.of(4800);
            case 'E' -> OptionalInt.of(9600);
            case 'F' -> OptionalInt.of(19200);
            default -> OptionalInt.empty();
        };
    }
}
