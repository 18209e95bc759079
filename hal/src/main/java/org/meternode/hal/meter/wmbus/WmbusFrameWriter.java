package org.meternode.hal.meter.wmbus;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import javax.crypto.Cipher;
import org.meternode.hal.meter.Crc16;

/**
 * Builds wireless M-Bus frames as meters send them, for the sim meter and for tests: link header
 * (L, C, M, A), an optional extended link layer (CI 8Ch, or 8Dh encrypted with AES-CTR), a short (7Ah),
 * long (72h) or no (78h) transport header, the data records, optionally encrypted with security mode 5
 * or OMS mode 7 (with its AFL and MAC), and optionally format A or B link-layer CRCs. Encrypted data
 * starts with 2F 2F and is padded with 2Fh fillers to whole AES blocks, as meters do.
 */
public final class WmbusFrameWriter {
    private final WmbusAddress link;
    private int cField = 0x44; // SND_NR: a meter's spontaneous, unanswered telegram
    private int ci = WmbusDecoder.CI_TPL_SHORT;
    private WmbusAddress meter;
    private int access;
    private int status;
    private byte[] records = new byte[0];
    private byte[] plainTrailer = new byte[0];
    private int mode;
    private byte[] key;
    private long messageCounter;
    private int ellCi;
    private int ellCc = 0x20; // CC: bit 5, synchronised
    private byte[] ellKey;
    private int ellSession;
    private LinkCrc crc = LinkCrc.NONE;

    private WmbusFrameWriter(WmbusAddress link) {
        this.link = link;
        this.meter = link;
    }

    /** A writer for frames sent by {@code link}; defaults: C 44h, short header, no encryption, no CRCs. */
    public static WmbusFrameWriter from(WmbusAddress link) {
        return new WmbusFrameWriter(link);
    }

    public WmbusFrameWriter cField(int c) {
        this.cField = c;
        return this;
    }

    /** Transport header CI 7Ah: ACC, ST, CW (the default). */
    public WmbusFrameWriter shortHeader() {
        this.ci = WmbusDecoder.CI_TPL_SHORT;
        this.meter = link;
        return this;
    }

    /** Transport header CI 72h with the meter's own address (a repeater's or converter's link address differs). */
    public WmbusFrameWriter longHeader(WmbusAddress meterAddress) {
        this.ci = WmbusDecoder.CI_TPL_LONG;
        this.meter = meterAddress;
        return this;
    }

    /** CI 78h: records without a transport header (so without TPL encryption). */
    public WmbusFrameWriter noHeader() {
        this.ci = WmbusDecoder.CI_TPL_NONE;
        this.meter = link;
        return this;
    }

    public WmbusFrameWriter accessNumber(int accessNumber) {
        this.access = accessNumber & 0xFF;
        return this;
    }

    public WmbusFrameWriter status(int statusByte) {
        this.status = statusByte & 0xFF;
        return this;
    }

    /** The data records (DIF, VIF, data ...), as EN 13757-3 lays them out. */
    public WmbusFrameWriter records(byte[] recordBytes) {
        this.records = recordBytes.clone();
        return this;
    }

    /** Records sent unencrypted after the encrypted blocks (the configuration word counts only those). */
    public WmbusFrameWriter plainTrailer(byte[] recordBytes) {
        this.plainTrailer = recordBytes.clone();
        return this;
    }

    /** Security mode 5: AES-128-CBC with the meter's key, IV from the meter address and access number. */
    public WmbusFrameWriter mode5(byte[] aesKey) {
        this.mode = 5;
        this.key = checkKey(aesKey);
        return this;
    }

    /** OMS security mode 7: AFL with message counter and 8-byte AES-CMAC, keys derived from the master key. */
    public WmbusFrameWriter mode7(byte[] masterKey, long counter) {
        this.mode = 7;
        this.key = checkKey(masterKey);
        this.messageCounter = counter;
        return this;
    }

    /** Extended link layer CI 8Ch (CC, ACC), unencrypted. */
    public WmbusFrameWriter ell(int communicationControl) {
        this.ellCi = WmbusDecoder.CI_ELL_SHORT;
        this.ellCc = communicationControl & 0xFF;
        this.ellKey = null;
        return this;
    }

    /** Extended link layer CI 8Dh with AES-128-CTR over the payload CRC and payload, as Kamstrup C1 meters send. */
    public WmbusFrameWriter ellCtr(byte[] aesKey, int communicationControl, int sessionNumber) {
        this.ellCi = WmbusDecoder.CI_ELL_LONG;
        this.ellCc = communicationControl & 0xFF;
        this.ellKey = checkKey(aesKey);
        this.ellSession = sessionNumber;
        return this;
    }

    /** Link-layer CRCs: {@link LinkCrc#NONE} (the default), {@link LinkCrc#FORMAT_A} or {@link LinkCrc#FORMAT_B}. */
    public WmbusFrameWriter crc(LinkCrc format) {
        if (format == LinkCrc.DETECT) {
            throw new IllegalArgumentException("a frame is written in one format: NONE, FORMAT_A or FORMAT_B");
        }
        this.crc = format;
        return this;
    }

    /** The frame from the L-field on. */
    public byte[] build() {
        ByteArrayOutputStream tpl = new ByteArrayOutputStream();
        byte[] afl = new byte[0];
        tpl.write(ci);
        if (ci == WmbusDecoder.CI_TPL_NONE) {
            if (mode != 0) {
                throw new IllegalStateException("CI 78h has no configuration word, so no security mode " + mode);
            }
            tpl.writeBytes(records);
            tpl.writeBytes(plainTrailer);
        } else {
            if (ci == WmbusDecoder.CI_TPL_LONG) {
                tpl.writeBytes(meter.headerOrderBytes());
            }
            tpl.write(access);
            tpl.write(status);
            byte[] payload = mode == 0 ? records : padded(records);
            int blocks = payload.length / 16;
            if (mode != 0 && blocks > 15) {
                throw new IllegalStateException(payload.length + " bytes to encrypt exceed the 15 blocks a "
                        + "configuration word counts");
            }
            tpl.write(mode == 0 ? 0 : blocks << 4);
            tpl.write(mode);
            if (mode == 5) {
                Aes.cbc(Cipher.ENCRYPT_MODE, key, Ivs.mode5(meter, access), payload, 0, payload.length);
            } else if (mode == 7) {
                tpl.write(0x10); // configuration word extension: key derivation 1 (OMS AES-CMAC KDF)
                Aes.cbc(Cipher.ENCRYPT_MODE, Ivs.mode7Key(key, Ivs.KENC, counterBytes(), meter), new byte[16], payload, 0, payload.length);
            }
            tpl.writeBytes(payload);
            tpl.writeBytes(plainTrailer);
            if (mode == 7) {
                afl = afl(tpl.toByteArray());
            }
        }
        ByteArrayOutputStream upper = new ByteArrayOutputStream();
        upper.writeBytes(afl);
        upper.writeBytes(tpl.toByteArray());
        byte[] frame = linkFrame(extendedLinkLayer(upper.toByteArray()));
        return switch (crc) {
            case NONE -> frame;
            case FORMAT_A -> LinkLayer.withCrcsA(frame);
            case FORMAT_B -> LinkLayer.withCrcsB(frame);
            case DETECT -> throw new IllegalStateException("unreachable: DETECT is refused by crc()");
        };
    }

    private byte[] linkFrame(byte[] upper) {
        int length = LinkLayer.FIRST_BLOCK + upper.length;
        if (length > 256) {
            throw new IllegalStateException("a frame of " + length + " bytes does not fit an L-field");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(length - 1);
        out.write(cField);
        out.writeBytes(link.linkOrderBytes());
        out.writeBytes(upper);
        return out.toByteArray();
    }

    private byte[] extendedLinkLayer(byte[] upper) {
        if (ellCi == 0) {
            return upper;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ellCi);
        out.write(ellCc);
        out.write(access);
        if (ellCi == WmbusDecoder.CI_ELL_SHORT) {
            out.writeBytes(upper);
            return out.toByteArray();
        }
        int sn = (ellSession & 0x1FFFFFFF) | 1 << 29; // bits 29-31: 1, AES-128-CTR
        byte[] snBytes = {(byte) sn, (byte) (sn >> 8), (byte) (sn >> 16), (byte) (sn >> 24)};
        out.writeBytes(snBytes);
        byte[] body = new byte[upper.length + 2];
        int payloadCrc = Crc16.en13757(upper, 0, upper.length);
        body[0] = (byte) payloadCrc;
        body[1] = (byte) (payloadCrc >> 8);
        System.arraycopy(upper, 0, body, 2, upper.length);
        Aes.ctr(ellKey, Ivs.ell(link, ellCc, snBytes, 0), body, 0, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** AFL: CI 90h, length 0Fh, FCL 2C00h (MCL, MCR, MAC present), MCL 25h (MCR, CMAC-128 truncated to 8). */
    private byte[] afl(byte[] tpl) {
        byte[] counter = counterBytes();
        int mcl = 0x25;
        ByteArrayOutputStream macInput = new ByteArrayOutputStream();
        macInput.write(mcl);
        macInput.writeBytes(counter);
        macInput.writeBytes(tpl);
        byte[] mac = Arrays.copyOf(AesCmac.mac(Ivs.mode7Key(key, Ivs.KMAC, counterBytes(), meter), macInput.toByteArray()), 8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(WmbusDecoder.CI_AFL);
        out.write(0x0F);
        out.write(0x00);
        out.write(0x2C);
        out.write(mcl);
        out.writeBytes(counter);
        out.writeBytes(mac);
        return out.toByteArray();
    }

    private byte[] counterBytes() {
        return new byte[] {(byte) messageCounter, (byte) (messageCounter >> 8), (byte) (messageCounter >> 16),
                (byte) (messageCounter >> 24)};
    }

    private static byte[] padded(byte[] records) {
        int length = (records.length + 2 + 15) / 16 * 16;
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) 0x2F);
        System.arraycopy(records, 0, out, 2, records.length);
        return out;
    }

    private static byte[] checkKey(byte[] aesKey) {
        if (aesKey.length != 16) {
            throw new IllegalArgumentException("an AES-128 key has 16 bytes, not " + aesKey.length);
        }
        return aesKey.clone();
    }
}
