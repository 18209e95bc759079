package org.meternode.hal.meter.sml;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.meternode.hal.meter.ChecksumException;
import org.meternode.hal.meter.CosemUnit;
import org.meternode.hal.meter.Crc16;
import org.meternode.hal.meter.DecodingException;

/**
 * One decoded SML file as pushed by German eHZ/EDL meters on their optical interface: the server ID
 * of the meter and the entries of its GetList responses. {@link #decode} checks the transport framing
 * and CRC, then every message's structure and CRC, and that nothing is left over.
 *
 * <p>Our own decoder rather than OpenMUC jsml: jsml can decode from a byte array, but it allocates
 * arrays from unchecked length fields (a damaged length means an OutOfMemoryError), mis-extends
 * negative 5- to 7-byte integers (an int shift in IntegerGeneric) and returns Unsigned32 as int. The
 * golden files are decoded by jsml in the tests too, as a cross-check.
 */
public record SmlFile(Optional<String> serverId, List<SmlEntry> entries, List<SmlText> texts, int messages) {
    /** SML_MessageBody tag of SML_GetList.Res (SML 1.04 table 7). */
    static final int GET_LIST_RESPONSE = 0x00000701;

    public SmlFile {
        entries = List.copyOf(entries);
        texts = List.copyOf(texts);
    }

    /** Decodes one transport-framed SML file, from 1B1B1B1B 01010101 to its CRC. */
    public static SmlFile decode(byte[] file) throws DecodingException {
        SmlTransport.Unwrapped unwrapped = SmlTransport.unwrap(file);
        try {
            return decodeMessages(unwrapped.payload());
        } catch (DecodingException e) {
            int offset = unwrapped.fileOffset(e.offset());
            String what = e.getMessage().substring(0, e.getMessage().lastIndexOf(" at byte offset "));
            if (e instanceof ChecksumException) {
                throw new ChecksumException(what, offset);
            }
            throw new DecodingException(what, offset, e.getCause());
        }
    }

    /** The first numeric entry with this OBIS code ({@code 1-0:1.8.0*255}, or {@code 1-0:1.8.0} for F = 255). */
    public Optional<SmlEntry> entry(String obis) {
        String wanted = obis.contains("*") ? obis : obis + "*255";
        return entries.stream().filter(e -> e.obis().equals(wanted)).findFirst();
    }

    private static SmlFile decodeMessages(byte[] payload) throws DecodingException {
        SmlTlvParser parser = new SmlTlvParser(payload, 0, payload.length);
        List<SmlEntry> entries = new ArrayList<>();
        List<SmlText> texts = new ArrayList<>();
        Optional<String> serverId = Optional.empty();
        int messages = 0;
        if (parser.atEnd()) {
            throw new DecodingException("SML file contains no message", 0);
        }
        while (!parser.atEnd()) {
            int start = parser.position();
            SmlNode.ListNode message = list(parser.next(), 6, "SML message");
            checkMessageCrc(payload, start, message);
            SmlNode.ListNode body = list(message.items().get(3), 2, "message body");
            long tag = unsigned(body.items().get(0), "message body tag").longValue();
            if (tag == GET_LIST_RESPONSE) {
                SmlNode.ListNode response = list(body.items().get(1), 7, "SML_GetList.Res");
                if (serverId.isEmpty() && response.items().get(1) instanceof SmlNode.Octets id && !id.absent()) {
                    serverId = Optional.of(HexFormat.of().formatHex(id.bytes()));
                }
                readEntries(list(response.items().get(4), -1, "valList"), entries, texts);
            }
            messages++;
        }
        return new SmlFile(serverId, entries, texts, messages);
    }

    /** CRC-16/X-25 over the message from its TL byte up to the crc16 field, sent byte-swapped (SML 1.04 6.2). */
    private static void checkMessageCrc(byte[] payload, int start, SmlNode.ListNode message) throws DecodingException {
        SmlNode crcNode = message.items().get(4);
        int said = unsigned(crcNode, "message crc16").intValue();
        if (!(message.items().get(5) instanceof SmlNode.EndOfMessage)) {
            throw new DecodingException("SML message does not end with 00h", message.items().get(5).offset());
        }
        int crc = Crc16.x25(payload, start, crcNode.offset() - start);
        int swapped = (crc & 0xFF) << 8 | crc >>> 8;
        if (said != swapped) {
            throw new ChecksumException(String.format("SML message CRC mismatch: message says %04X, bytes give %04X",
                    said, swapped), crcNode.offset());
        }
    }

    private static void readEntries(SmlNode.ListNode valList, List<SmlEntry> entries, List<SmlText> texts)
            throws DecodingException {
        for (SmlNode item : valList.items()) {
            SmlNode.ListNode entry = list(item, 7, "SML_ListEntry");
            String obis = obis(entry.items().get(0));
            int unitCode = optionalInt(entry.items().get(3), false, "unit");
            int scaler = optionalInt(entry.items().get(4), true, "scaler");
            switch (entry.items().get(5)) {
                case SmlNode.Number n -> entries.add(new SmlEntry(obis, new BigDecimal(n.value()).scaleByPowerOfTen(scaler),
                        unit(unitCode), n.value(), scaler));
                case SmlNode.Bool b -> entries.add(new SmlEntry(obis, b.value() ? BigDecimal.ONE : BigDecimal.ZERO, "",
                        b.value() ? BigInteger.ONE : BigInteger.ZERO, 0));
                case SmlNode.Octets o -> texts.add(new SmlText(obis, o.bytes()));
                default -> {
                    // SML_ListType values (times, lists of values) carry no reading
                }
            }
        }
    }

    private static String obis(SmlNode node) throws DecodingException {
        if (!(node instanceof SmlNode.Octets octets) || octets.bytes().length != 6) {
            throw new DecodingException("objName is not a 6-byte OBIS code", node.offset());
        }
        byte[] o = octets.bytes();
        return String.format("%d-%d:%d.%d.%d*%d", o[0] & 0xFF, o[1] & 0xFF, o[2] & 0xFF, o[3] & 0xFF, o[4] & 0xFF,
                o[5] & 0xFF);
    }

    private static String unit(int code) {
        if (code <= 0) { // absent, or 0: no unit
            return "";
        }
        return CosemUnit.of(code).map(CosemUnit::symbol).orElse("unit " + code);
    }

    /** An Unsigned8 unit or Integer8 scaler; -1 / 0 when the optional field is absent. */
    private static int optionalInt(SmlNode node, boolean signed, String what) throws DecodingException {
        if (node instanceof SmlNode.Octets o && o.absent()) {
            return signed ? 0 : -1;
        }
        if (!(node instanceof SmlNode.Number n) || n.signed() != signed) {
            throw new DecodingException(what + " is not an " + (signed ? "Integer8" : "Unsigned8"), node.offset());
        }
        int value = n.value().intValue();
        if (n.value().bitLength() > 8 || (!signed && value > 255) || (signed && (value < -128 || value > 127))) {
            throw new DecodingException(what + " " + n.value() + " does not fit a byte", node.offset());
        }
        return value;
    }

    private static BigInteger unsigned(SmlNode node, String what) throws DecodingException {
        if (!(node instanceof SmlNode.Number n) || n.signed()) {
            throw new DecodingException(what + " is not an unsigned integer", node.offset());
        }
        return n.value();
    }

    /** The node as a list of {@code size} elements; -1 accepts any size. */
    private static SmlNode.ListNode list(SmlNode node, int size, String what) throws DecodingException {
        if (!(node instanceof SmlNode.ListNode list)) {
            throw new DecodingException(what + " is not a list", node.offset());
        }
        if (size >= 0 && list.items().size() != size) {
            throw new DecodingException(what + " has " + list.items().size() + " elements, expected " + size,
                    node.offset());
        }
        return list;
    }
}
