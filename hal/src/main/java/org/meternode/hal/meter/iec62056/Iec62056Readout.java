package org.meternode.hal.meter.iec62056;

import java.util.Arrays;
import java.util.Optional;
import org.meternode.hal.meter.DecodingException;

/**
 * What one IEC 62056-21 readout delivered: the meter's identification, the option select message when
 * the capture holds one (a probe's echo of the acknowledgement) and the data block. A capture of the data
 * message alone has no identification: it is absent, not made up.
 */
public record Iec62056Readout(
        Optional<Iec62056Identification> identification,
        Optional<Iec62056OptionSelect> optionSelect,
        Iec62056DataBlock data) {

    /** A readout with the identification the meter sent and no option select seen. */
    public Iec62056Readout(Iec62056Identification identification, Iec62056DataBlock data) {
        this(Optional.of(identification), Optional.empty(), data);
    }

    /**
     * Decodes a captured readout, in one of these shapes:
     * <ul>
     * <li>identification line, optionally a blank line or the option select, then the data block
     * (framed, or a push meter's unframed lines);</li>
     * <li>the option select {@code ACK V Z Y CR LF}, then the data message {@code STX .. ! CR LF ETX BCC};</li>
     * <li>the data message alone.</li>
     * </ul>
     * Without an identification the data message must be framed, so its BCC is always checked. Offsets
     * in errors refer to the whole capture.
     */
    public static Iec62056Readout decode(byte[] capture) throws DecodingException {
        if (capture.length == 0) {
            throw new DecodingException("empty capture", 0);
        }
        int i = 0;
        Optional<Iec62056Identification> identification = Optional.empty();
        if (capture[0] == '/') {
            int lf = indexOfLf(capture);
            identification = Optional.of(Iec62056Identification.decode(Arrays.copyOf(capture, lf + 1)));
            i = lf + 1;
            if (i + 1 < capture.length && capture[i] == '\r' && capture[i + 1] == '\n') {
                i += 2; // push meters put a blank line between identification and data
            }
        } else if (capture[0] != Iec62056OptionSelect.ACK && capture[0] != Iec62056DataBlock.STX) {
            throw new DecodingException(String.format("capture starts with 0x%02X, not with an identification ('/'),"
                    + " an option select (ACK) or a data message (STX)", capture[0]), 0);
        }
        Optional<Iec62056OptionSelect> optionSelect = Optional.empty();
        if (i < capture.length && capture[i] == Iec62056OptionSelect.ACK) {
            optionSelect = Optional.of(Iec62056OptionSelect.decode(capture, i));
            i += Iec62056OptionSelect.LENGTH;
        }
        if (i >= capture.length) {
            throw new DecodingException("no data message after the "
                    + (optionSelect.isPresent() ? "option select" : "identification"), i);
        }
        if (identification.isEmpty() && capture[i] != Iec62056DataBlock.STX) {
            throw new DecodingException(String.format("data message does not start with STX but 0x%02X"
                    + " (without an identification only a framed data message is read)", capture[i]), i);
        }
        return new Iec62056Readout(identification, optionSelect, Iec62056DataBlock.decode(capture, i));
    }

    /** The LF ending the identification line; the last byte when there is none (decode then says what is wrong). */
    private static int indexOfLf(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return b.length - 1;
    }
}
