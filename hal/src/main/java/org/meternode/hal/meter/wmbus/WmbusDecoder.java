package org.meternode.hal.meter.wmbus;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import org.meternode.hal.meter.ChecksumException;
import org.meternode.hal.meter.Crc16;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.mbus.MbusVariableData;

/**
 * Decodes one received wireless M-Bus frame (EN 13757-4 link layer, EN 13757-7 / OMS transport and
 * security layers, EN 13757-3 application records), decrypting it with the meter's key: security
 * mode 5 (AES-CBC, IV from address and access number), OMS mode 7 (AFL with AES-CMAC, derived keys,
 * AES-CBC with a zero IV) and the extended link layer's AES-CTR (CI 8Dh). Pure: bytes in, a telegram
 * or a {@link DecodingException} out. Every check that can tell a wrong key or damaged bytes is made
 * (CRCs, 2F 2F, MAC, ELL payload CRC), so a corrupted telegram is refused rather than read.
 *
 * <p>Offsets in errors refer to the frame after its link-layer CRCs have been removed, except those of
 * CRC errors, which name the block's bytes in the frame as received.
 */
public final class WmbusDecoder {
    static final int CI_TPL_SHORT = 0x7A;
    static final int CI_TPL_LONG = 0x72;
    static final int CI_TPL_NONE = 0x78;
    static final int CI_ELL_SHORT = 0x8C; // ELL I: CC, ACC
    static final int CI_ELL_LONG = 0x8D; // ELL II: CC, ACC, SN, payload CRC
    static final int CI_AFL = 0x90;

    private static final int LINK_HEADER = 10; // L, C, M (2), A (6)
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private WmbusDecoder() {
    }

    /** Decodes a frame whose CRC layout is detected from its length and CRCs ({@link LinkCrc#DETECT}). */
    public static WmbusTelegram decode(byte[] frame, WmbusKeys keys) throws DecodingException {
        return decode(frame, LinkCrc.DETECT, keys);
    }

    /** Decodes a frame with the given CRC layout, decrypting with the key {@code keys} has for the meter. */
    public static WmbusTelegram decode(byte[] frame, LinkCrc crc, WmbusKeys keys) throws DecodingException {
        byte[] p = LinkLayer.strip(frame, crc);
        return new WmbusDecoder.Parse(p, keys).telegram();
    }

    /**
     * The frame without its link-layer CRCs, after checking them and the L-field (for format B, L is
     * rewritten to count the remaining bytes): the form {@link LinkCrc#NONE} expects.
     */
    public static byte[] withoutCrcs(byte[] frame, LinkCrc crc) throws DecodingException {
        return LinkLayer.strip(frame, crc);
    }

    /** One decode: walks the CRC-free frame {@code p}, decrypting it in place layer by layer. */
    private static final class Parse {
        private final byte[] p;
        private final WmbusKeys keys;
        private final WmbusAddress link;
        private int pos = LINK_HEADER;
        private int ellAccess = -1;
        private boolean ellEncrypted;
        private Afl afl;
        /** Where the encrypted part ends (plain bytes may follow); the frame's end when nothing was encrypted. */
        private int encryptedEnd = -1;

        Parse(byte[] p, WmbusKeys keys) throws DecodingException {
            this.p = p;
            this.keys = keys;
            this.link = WmbusAddress.decodeLinkOrder(p, 2);
        }

        WmbusTelegram telegram() throws DecodingException {
            int ci = need(1, "a CI field after the link layer");
            if (ci == CI_ELL_SHORT || ci == CI_ELL_LONG) {
                extendedLinkLayer(ci);
                ci = need(1, "a CI field after the extended link layer");
            }
            if (ci == CI_AFL) {
                afl = Afl.parse(p, pos);
                pos = afl.end();
                ci = need(1, "a CI field after the authentication and fragmentation layer");
            }
            Tpl tpl = transportHeader(ci);
            if (afl != null && tpl.mode() != 7) {
                throw new DecodingException("an AFL precedes a transport layer with security mode " + tpl.mode()
                        + "; only mode 7 is read with an AFL", afl.start());
            }
            int recordsStart = switch (tpl.mode()) {
                case 0 -> pos;
                case 5 -> modeFive(tpl);
                case 7 -> modeSeven(tpl);
                default -> throw new DecodingException("security mode " + tpl.mode() + " (configuration word "
                        + String.format("%04Xh", tpl.config()) + ") is not supported; modes 0, 5 and 7 are",
                        tpl.start());
            };
            MbusVariableData data = records(recordsStart);
            return new WmbusTelegram(link, tpl.meter(), p[1] & 0xFF, ci, tpl.access(), tpl.status(), tpl.mode(),
                    ellEncrypted, ellEncrypted || tpl.mode() != 0, data.records(), data.manufacturerData());
        }

        /**
         * The records from {@code start}. Bytes left plain after the encrypted blocks are records too
         * (OMS partial encryption); when they are not (uniSMART gas meters send two proprietary bytes
         * there), the encrypted records stand and the plain tail is kept as manufacturer data, never
         * read as values: only the authenticated-by-filler part gives readings.
         */
        private MbusVariableData records(int start) throws DecodingException {
            try {
                return MbusVariableData.decodeRecords(p, start, p.length);
            } catch (DecodingException whole) {
                if (encryptedEnd < 0 || encryptedEnd >= p.length) {
                    throw whole;
                }
                MbusVariableData encrypted;
                try {
                    encrypted = MbusVariableData.decodeRecords(p, start, encryptedEnd);
                } catch (DecodingException alone) {
                    throw whole;
                }
                byte[] tail = Arrays.copyOfRange(p, encryptedEnd, p.length);
                byte[] manufacturer = encrypted.manufacturerData();
                byte[] kept = Arrays.copyOf(manufacturer, manufacturer.length + tail.length);
                System.arraycopy(tail, 0, kept, manufacturer.length, tail.length);
                return new MbusVariableData(encrypted.ci(), encrypted.address(), encrypted.accessNumber(),
                        encrypted.status(), encrypted.records(), encrypted.moreRecordsFollow(), kept);
            }
        }

        /** A transport layer header: where it starts, the meter it names, ACC, ST and the configuration word. */
        private record Tpl(int start, WmbusAddress meter, int access, int status, int config) {
            /** Configuration word bits 8-12 (EN 13757-7 7.6.2): the security mode. */
            int mode() {
                return (config >> 8) & 0x1F;
            }

            /** Bits 4-7 in modes 5 and 7: the number of encrypted 16-byte blocks. */
            int blocks() {
                return (config >> 4) & 0x0F;
            }
        }

        /** CI 7Ah: ACC, ST, CW. CI 72h: id, M, version, type, ACC, ST, CW. CI 78h: none. Leaves pos after it. */
        private Tpl transportHeader(int ci) throws DecodingException {
            int start = pos;
            switch (ci) {
                case CI_TPL_SHORT -> {
                    need(5, "a short transport header (CI, ACC, ST, CW 2 bytes)");
                    pos += 5;
                    return new Tpl(start, link, p[start + 1] & 0xFF, p[start + 2] & 0xFF, word(start + 3));
                }
                case CI_TPL_LONG -> {
                    need(13, "a long transport header (CI, id 4, M 2, version, type, ACC, ST, CW 2 bytes)");
                    pos += 13;
                    return new Tpl(start, WmbusAddress.decodeHeaderOrder(p, start + 1), p[start + 9] & 0xFF,
                            p[start + 10] & 0xFF, word(start + 11));
                }
                case CI_TPL_NONE -> {
                    pos += 1;
                    return new Tpl(start, link, ellAccess, 0, 0);
                }
                default -> throw new DecodingException(String.format("CI %02Xh is not a wireless M-Bus data telegram "
                        + "this decoder reads (7Ah, 72h, 78h, after an optional ELL 8Ch/8Dh and AFL 90h)", ci), pos);
            }
        }

        private int word(int at) {
            return (p[at] & 0xFF) | (p[at + 1] & 0xFF) << 8;
        }

        /** CI 8Ch: CC, ACC. CI 8Dh: CC, ACC, SN (4), payload CRC (2), encrypted with AES-CTR if SN says so. */
        private void extendedLinkLayer(int ci) throws DecodingException {
            int start = pos;
            if (ci == CI_ELL_SHORT) {
                need(3, "an extended link layer (CI 8Ch, CC, ACC)");
                ellAccess = p[pos + 2] & 0xFF;
                pos += 3;
                return;
            }
            need(9, "an extended link layer (CI 8Dh, CC, ACC, SN 4 bytes, payload CRC 2 bytes)");
            int cc = p[pos + 1] & 0xFF;
            ellAccess = p[pos + 2] & 0xFF;
            int security = (p[pos + 6] & 0xE0) >> 5; // SN bits 29-31: 0 none, 1 AES-128-CTR
            int crcAt = pos + 7;
            if (security == 1) {
                byte[] key = key(link, "ELL AES-CTR");
                Aes.ctr(key, Ivs.ell(link, cc, p, start + 3), p, crcAt, p.length - crcAt);
                ellEncrypted = true;
            } else if (security != 0) {
                throw new DecodingException("ELL session number says encryption " + security
                        + ", only 0 (none) and 1 (AES-128-CTR) are defined", start + 3);
            }
            int expected = (p[crcAt] & 0xFF) | (p[crcAt + 1] & 0xFF) << 8;
            int actual = Crc16.en13757(p, crcAt + 2, p.length - crcAt - 2);
            if (expected != actual) {
                String what = String.format("ELL payload CRC is %04Xh, computed %04Xh over bytes %d..%d", expected,
                        actual, crcAt + 2, p.length - 1);
                if (ellEncrypted) {
                    throw new DecodingException("decryption with the key for " + link.id() + " failed: " + what
                            + " (wrong key?)", crcAt);
                }
                throw new ChecksumException(what, crcAt);
            }
            pos = crcAt + 2;
        }

        /** Mode 5: AES-128-CBC, IV = M, A of the meter address, 8 x access number; blocks from CW bits 4-7. */
        private int modeFive(Tpl tpl) throws DecodingException {
            byte[] key = key(tpl.meter(), "security mode 5");
            int length = encryptedLength(tpl);
            Aes.cbc(Cipher.DECRYPT_MODE, key, Ivs.mode5(tpl.meter(), tpl.access()), p, pos, length);
            encryptedEnd = pos + length;
            return checkFiller(tpl.meter());
        }

        /**
         * Mode 7 (OMS vol. 2 9.2.4, security profile B): the AFL MAC is checked with Kmac before anything is
         * decrypted with Kenc (both derived from the key, the message counter and the meter id, OMS 9.5), IV 0.
         */
        private int modeSeven(Tpl tpl) throws DecodingException {
            WmbusAddress meter = tpl.meter();
            if (afl == null || afl.mac().length == 0 || afl.counter().length == 0) {
                throw new DecodingException("security mode 7 needs an AFL (CI 90h) with message counter and MAC "
                        + "before the transport layer", tpl.start());
            }
            int extension = need(1, "the configuration word extension of security mode 7");
            int kdf = (extension >> 4) & 0x03;
            if (kdf != 1) {
                throw new DecodingException("security mode 7 key derivation " + kdf
                        + " is not supported (only 1: AES-CMAC, OMS vol. 2 9.5)", pos);
            }
            pos += 1;
            byte[] key = key(meter, "security mode 7");
            byte[] kenc = Ivs.mode7Key(key, Ivs.KENC, afl.counter(), meter);
            byte[] kmac = Ivs.mode7Key(key, Ivs.KMAC, afl.counter(), meter);
            byte[] computed = AesCmac.mac(kmac, afl.macInput(p, tpl.start()));
            byte[] truncated = Arrays.copyOf(computed, afl.mac().length);
            if (!Arrays.equals(truncated, afl.mac())) {
                throw new DecodingException("the AFL MAC is " + HEX.formatHex(afl.mac()) + ", computed "
                        + HEX.formatHex(truncated) + " with the key for " + meter.id()
                        + " (wrong key or damaged telegram)", afl.macAt());
            }
            int length = encryptedLength(tpl);
            Aes.cbc(Cipher.DECRYPT_MODE, kenc, new byte[16], p, pos, length);
            encryptedEnd = pos + length;
            return checkFiller(meter);
        }

        /** Number of encrypted bytes: CW bits 4-7 count 16-byte blocks; 0 means all that follow. */
        private int encryptedLength(Tpl tpl) throws DecodingException {
            int blocks = tpl.blocks();
            int rest = p.length - pos;
            int length = blocks == 0 ? rest : blocks * 16;
            if (length > rest) {
                throw new DecodingException("configuration word says " + blocks + " encrypted blocks (" + length
                        + " bytes) but " + rest + " bytes follow the header", pos);
            }
            if (length == 0 || length % 16 != 0) {
                throw new DecodingException(length + " encrypted bytes are not whole 16-byte AES blocks", pos);
            }
            return length;
        }

        private int checkFiller(WmbusAddress meter) throws DecodingException {
            if (p[pos] != 0x2F || p[pos + 1] != 0x2F) {
                throw new DecodingException("decryption with the key for " + meter.id() + " failed: no 2F 2F at the "
                        + "start of the payload (wrong key?)", pos);
            }
            return pos + 2;
        }

        private byte[] key(WmbusAddress meter, String what) throws DecodingException {
            Optional<byte[]> key = keys.keyFor(meter.id());
            if (key.isEmpty()) {
                throw new DecodingException("no key for meter " + meter.id() + " (encrypted, " + what + ")", pos);
            }
            if (key.get().length != 16) {
                throw new IllegalArgumentException("the key for meter " + meter.id() + " has " + key.get().length
                        + " bytes, AES-128 needs 16");
            }
            return key.get();
        }

        /** Requires {@code count} bytes at {@code pos}; returns the first of them. */
        private int need(int count, String what) throws DecodingException {
            if (p.length - pos < count) {
                throw new DecodingException("the frame ends before " + what + " (" + count + " bytes needed, "
                        + (p.length - pos) + " left)", pos);
            }
            return p[pos] & 0xFF;
        }
    }
}
