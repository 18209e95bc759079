package org.meternode.hal.meter.wmbus;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.meternode.hal.meter.DecodingException;

/**
 * The authentication and fragmentation layer (CI 90h, EN 13757-7 / OMS vol. 2 7.2.5): FCL, then the
 * fields it announces: MCL, KI, MCR (message counter), MAC, ML. Only unfragmented messages are read.
 *
 * @param mcl the message control byte, -1 without one
 * @param counter the message counter bytes as sent (least significant first), empty without one
 * @param mac the (truncated) AES-CMAC, empty without one
 * @param length the ML bytes, empty without them
 */
record Afl(int start, int end, int mcl, byte[] counter, byte[] mac, int macAt, byte[] length) {
    static final int FCL_KEY_INFO = 0x0200;
    static final int FCL_MAC = 0x0400;
    static final int FCL_COUNTER = 0x0800;
    static final int FCL_LENGTH = 0x1000;
    static final int FCL_CONTROL = 0x2000;
    static final int FCL_MORE_FRAGMENTS = 0x4000;

    /** MCL bits 0-3, the authentication type, to the MAC length (OMS vol. 2 table 20; 5 is CMAC-128 / 8). */
    private static int macLength(int type) {
        return switch (type) {
            case 3 -> 2;
            case 4 -> 4;
            case 5 -> 8;
            case 6 -> 12;
            case 7 -> 16;
            default -> -1;
        };
    }

    static Afl parse(byte[] p, int start) throws DecodingException {
        if (p.length - start < 4) {
            throw new DecodingException("the frame ends inside the AFL header (CI, AFLL, FCL 2 bytes)", start);
        }
        int afll = p[start + 1] & 0xFF;
        int end = start + 2 + afll;
        if (end > p.length) {
            throw new DecodingException("AFL length " + afll + " runs past the frame", start + 1);
        }
        int fcl = (p[start + 2] & 0xFF) | (p[start + 3] & 0xFF) << 8;
        if ((fcl & FCL_MORE_FRAGMENTS) != 0 || (fcl & 0xFF) != 0) {
            throw new DecodingException(String.format("AFL FCL %04Xh: fragmented messages are not supported", fcl),
                    start + 2);
        }
        int i = start + 4;
        int mcl = -1;
        if ((fcl & FCL_CONTROL) != 0) {
            i = require(i, 1, end, "MCL");
            mcl = p[i - 1] & 0xFF;
        }
        if ((fcl & FCL_KEY_INFO) != 0) {
            i = require(i, 2, end, "KI");
        }
        byte[] counter = new byte[0];
        if ((fcl & FCL_COUNTER) != 0) {
            i = require(i, 4, end, "MCR");
            counter = Arrays.copyOfRange(p, i - 4, i);
        }
        byte[] mac = new byte[0];
        int macAt = i;
        if ((fcl & FCL_MAC) != 0) {
            int macLength = mcl < 0 ? -1 : macLength(mcl & 0x0F);
            if (macLength < 0) {
                throw new DecodingException("AFL has a MAC but " + (mcl < 0 ? "no MCL" : "MCL authentication type "
                        + (mcl & 0x0F)) + " gives it no length this decoder knows", i);
            }
            i = require(i, macLength, end, "MAC");
            mac = Arrays.copyOfRange(p, i - macLength, i);
        }
        byte[] ml = new byte[0];
        if ((fcl & FCL_LENGTH) != 0) {
            i = require(i, 2, end, "ML");
            ml = Arrays.copyOfRange(p, i - 2, i);
        }
        if (i != end) {
            throw new DecodingException("AFL length " + afll + " does not match its fields (" + (i - start - 2)
                    + " bytes)", start + 1);
        }
        return new Afl(start, end, mcl, counter, mac, macAt, ml);
    }

    private static int require(int i, int count, int end, String field) throws DecodingException {
        if (i + count > end) {
            throw new DecodingException("AFL field " + field + " runs past the AFL length", i);
        }
        return i + count;
    }

    /** OMS vol. 2 9.3.2: MAC over MCL || MCR || {ML ||} the next CI .. the last byte of the message. */
    byte[] macInput(byte[] p, int nextCi) {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.write(mcl);
        in.writeBytes(counter);
        in.writeBytes(length);
        in.write(p, nextCi, p.length - nextCi);
        return in.toByteArray();
    }
}
