package org.meternode.hal.meter.wmbus;

import java.util.Arrays;

/** The IVs and derived keys of the three wireless M-Bus encryptions, shared by the decoder and the writer. */
final class Ivs {
    private Ivs() {
    }

    /** Mode 5 (EN 13757-7 9.4.2 / OMS vol. 2 9.2.3): M, A of the meter address, then 8 x the access number. */
    static byte[] mode5(WmbusAddress meter, int access) {
        byte[] iv = new byte[16];
        System.arraycopy(meter.linkOrderBytes(), 0, iv, 0, 8);
        Arrays.fill(iv, 8, 16, (byte) access);
        return iv;
    }

    /**
     * ELL AES-CTR (EN 13757-4 annex): M, A of the link layer, CC without its hop (10h) and repeated-access
     * (02h) bits, SN (4 bytes); FN (2) and BC (1) start at 0 and count as the CTR block counter.
     */
    static byte[] ell(WmbusAddress link, int cc, byte[] frame, int snAt) {
        byte[] iv = new byte[16];
        System.arraycopy(link.linkOrderBytes(), 0, iv, 0, 8);
        iv[8] = (byte) (cc & ~0x12);
        System.arraycopy(frame, snAt, iv, 9, 4);
        return iv;
    }

    /**
     * Mode 7 key derivation (OMS vol. 2 9.5.3): CMAC(master key, DC || message counter (4, as sent) ||
     * meter id (4, as sent) || 07h x 7), DC 00h for Kenc and 01h for Kmac of meter-sent messages.
     */
    static byte[] mode7Key(byte[] masterKey, int derivationConstant, byte[] counter, WmbusAddress meter) {
        byte[] input = new byte[16];
        Arrays.fill(input, (byte) 0x07);
        input[0] = (byte) derivationConstant;
        System.arraycopy(counter, 0, input, 1, 4);
        System.arraycopy(meter.idBytes(), 0, input, 5, 4);
        return AesCmac.mac(masterKey, input);
    }

    static final int KENC = 0x00;
    static final int KMAC = 0x01;
}
