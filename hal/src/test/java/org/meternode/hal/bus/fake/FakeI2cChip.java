package org.meternode.hal.bus.fake;

/**
 * A simulated chip on a {@link FakeI2cBus}: it sees each write message and answers each read
 * message, as the real chip would after acknowledging its address.
 */
public interface FakeI2cChip {
    /** One write message from the controller (may be empty: an address-only probe). */
    void onWrite(byte[] bytes);

    /** Answers a read message of {@code length} bytes. */
    byte[] onRead(int length);
}
