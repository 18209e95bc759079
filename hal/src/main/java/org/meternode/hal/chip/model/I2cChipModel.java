package org.meternode.hal.chip.model;

/**
 * A simulated chip on a {@link ModelI2cBus} (the testkit's FakeI2cBus logs it): it sees each write message and answers each read
 * message, as the real chip would after acknowledging its address.
 */
public interface I2cChipModel {
    /** One write message from the controller (may be empty: an address-only probe). */
    void onWrite(byte[] bytes);

    /** Answers a read message of {@code length} bytes. */
    byte[] onRead(int length);
}
