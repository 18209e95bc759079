package org.meternode.hal.meter.wmbus.stick;

import org.meternode.hal.meter.DecodingException;

/** How one stick's serial protocol marks where a message starts and ends, and how a whole one decodes. */
interface StickFraming<M> {
    /** The byte every stick message starts with. */
    int startByte();

    /**
     * The total length of the message at the start of {@code head}, or 0 while too few header bytes
     * are there to tell.
     *
     * @throws DecodingException if the header cannot start a message (unknown endpoint or command)
     */
    int frameLength(byte[] head, int available) throws DecodingException;

    /** Decodes one whole message, checking its checksum or CRC. */
    M decode(byte[] message) throws DecodingException;

    /** Length of the message at the start of a buffer (see {@link #frameLength}). */
    @FunctionalInterface
    interface Length {
        int of(byte[] head, int available) throws DecodingException;
    }

    /** Decoder of one whole message (see {@link #decode}). */
    @FunctionalInterface
    interface Decoder<M> {
        M decode(byte[] message) throws DecodingException;
    }

    /** The framing of a protocol whose messages start with {@code startByte}. */
    static <M> StickFraming<M> of(int startByte, Length length, Decoder<M> decoder) {
        return new StickFraming<>() {
            @Override
            public int startByte() {
                return startByte;
            }

            @Override
            public int frameLength(byte[] head, int available) throws DecodingException {
                return length.of(head, available);
            }

            @Override
            public M decode(byte[] message) throws DecodingException {
                return decoder.decode(message);
            }
        };
    }
}
