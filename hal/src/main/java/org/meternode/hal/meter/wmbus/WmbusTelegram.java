package org.meternode.hal.meter.wmbus;

import java.util.Arrays;
import java.util.List;
import org.meternode.hal.meter.mbus.MbusRecord;

/**
 * One decoded (and, when it was encrypted, decrypted and verified) wireless M-Bus telegram.
 *
 * @param link the link layer address (the radio sender: the meter, or a repeater / radio converter)
 * @param meter the meter the data is from: the long header's address (CI 72h), else the link's
 * @param cField the link layer C-field (44h SND_NR, 46h SND_IR, 08h RSP_UD, ...)
 * @param ci the transport layer CI: 7Ah (short header), 72h (long header) or 78h (none)
 * @param accessNumber the transport header's access number; without one, the ELL's; else -1
 * @param status the transport header's status byte (EN 13757-7 table 7), 0 without a header
 * @param securityMode the transport layer security mode from the configuration word: 0, 5 or 7
 * @param ellEncrypted whether the extended link layer (CI 8Dh) encrypted the payload with AES-CTR
 * @param encrypted whether any layer was encrypted (so the data has been decrypted with a key)
 * @param records the application data records, as wired M-Bus decodes them
 * @param manufacturerData bytes after a DIF 0Fh / 1Fh, empty if none
 */
public record WmbusTelegram(WmbusAddress link, WmbusAddress meter, int cField, int ci, int accessNumber, int status,
        int securityMode, boolean ellEncrypted, boolean encrypted, List<MbusRecord> records, byte[] manufacturerData) {

    public WmbusTelegram {
        records = List.copyOf(records);
        manufacturerData = manufacturerData.clone();
    }

    @Override
    public byte[] manufacturerData() {
        return manufacturerData.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WmbusTelegram t && link.equals(t.link) && meter.equals(t.meter) && cField == t.cField
                && ci == t.ci && accessNumber == t.accessNumber && status == t.status
                && securityMode == t.securityMode && ellEncrypted == t.ellEncrypted && encrypted == t.encrypted
                && records.equals(t.records) && Arrays.equals(manufacturerData, t.manufacturerData);
    }

    @Override
    public int hashCode() {
        return (meter.hashCode() * 31 + records.hashCode()) * 31 + Arrays.hashCode(manufacturerData);
    }

    @Override
    public String toString() {
        return "WmbusTelegram[link=" + link + ", meter=" + meter + String.format(", C=%02Xh, CI=%02Xh", cField, ci)
                + ", access=" + accessNumber + ", status=" + status + ", securityMode=" + securityMode
                + ", ellEncrypted=" + ellEncrypted + ", encrypted=" + encrypted + ", records=" + records
                + ", manufacturerData=" + java.util.HexFormat.of().formatHex(manufacturerData) + "]";
    }
}
