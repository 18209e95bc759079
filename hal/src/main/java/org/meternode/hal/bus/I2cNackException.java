package org.meternode.hal.bus;

import java.io.IOException;

/** No chip acknowledged an I2C address: absent, unpowered, wrong address strap or a broken bus. */
public class I2cNackException extends IOException {
    private final String bus;
    private final int address;

    public I2cNackException(String bus, int address) {
        super(String.format("%s: no ACK from address 0x%02X (chip absent, unpowered or on another address)",
                bus, address));
        this.bus = bus;
        this.address = address;
    }

    /** The bus that was asked, e.g. {@code /dev/i2c-1}. */
    public String bus() {
        return bus;
    }

    /** The 7-bit address that did not answer. */
    public int address() {
        return address;
    }
}
