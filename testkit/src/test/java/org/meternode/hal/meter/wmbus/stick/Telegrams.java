package org.meternode.hal.meter.wmbus.stick;

import java.util.HexFormat;

/**
 * Radio frames (from the L-field, block CRCs stripped) used by the stick tests, taken from
 * wmbusmeters' simulations/simulation_t1.txt (GPL-3.0, test data only): an unencrypted T1 telegram
 * of 25 bytes and a Supercom 587 telegram of 163 bytes.
 */
final class Telegrams {
    static final HexFormat HEX = HexFormat.of().withUpperCase();
    static final byte[] SHORT = HEX.parseHex("1844AE4C4455223368077A55000000041389E20100023B0000");
    static final byte[] LONG = HEX.parseHex("A244EE4D785634123C067A8F000000"
            + "0C1348550000426CE1F14C130000000082046C21298C0413330000008D04931E3A3CFE3300000033000000330000003300"
            + "000033000000330000003300000033000000330000003300000033000000330000004300000034180000046D0D0B5C2B03FD"
            + "6C5E150082206C5C290BFD0F0200018C4079678885238310FD3100000082106C01018110FD610002FD66020002FD170000");

    private Telegrams() {
    }

    static byte[] hex(String hex) {
        return HEX.parseHex(hex.replace(" ", ""));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int i = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }
}
