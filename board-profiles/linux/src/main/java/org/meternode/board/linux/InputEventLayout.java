package org.meternode.board.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The binary shape of {@code struct input_event} as this process sees it: a timeval of two C longs
 * (8 bytes each for a 64-bit process, 4 for a 32-bit one, even with a 64-bit kernel underneath),
 * then {@code __u16 type, __u16 code, __s32 value}, all in the CPU's byte order. 24 bytes on
 * aarch64/x86_64, 16 on armhf.
 *
 * @param longBytes size of a C long: 8 or 4
 * @param order     the CPU's byte order (little-endian on ARM and x86, big-endian on some MIPS routers)
 */
record InputEventLayout(int longBytes, ByteOrder order) {
    static final InputEventLayout LITTLE_ENDIAN_64 = new InputEventLayout(8, ByteOrder.LITTLE_ENDIAN);
    static final InputEventLayout LITTLE_ENDIAN_32 = new InputEventLayout(4, ByteOrder.LITTLE_ENDIAN);

    InputEventLayout {
        if (longBytes != 4 && longBytes != 8) {
            throw new IllegalArgumentException("a C long has 4 or 8 bytes, not " + longBytes);
        }
    }

    /** The layout of the running JVM: its data model and the CPU's byte order. */
    static InputEventLayout ofThisProcess() {
        String model = System.getProperty("sun.arch.data.model", "");
        boolean is64 = model.equals("64") || (model.isEmpty() && System.getProperty("os.arch", "").contains("64"));
        return new InputEventLayout(is64 ? 8 : 4, ByteOrder.nativeOrder());
    }

    /** Bytes per event. */
    int size() {
        return 2 * longBytes + 8;
    }

    /** Decodes one event at {@code in}'s position and moves past it; needs {@link #size()} bytes. */
    InputEvent decode(ByteBuffer in) {
        ByteBuffer b = in.slice(in.position(), size()).order(order);
        in.position(in.position() + size());
        long seconds = longBytes == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt());
        long micros = longBytes == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt());
        int type = Short.toUnsignedInt(b.getShort());
        int code = Short.toUnsignedInt(b.getShort());
        int value = b.getInt();
        return new InputEvent(seconds * 1_000_000 + micros, type, code, value);
    }

    /** Encodes {@code event} the way the kernel would; for tests and tools. */
    byte[] encode(InputEvent event) {
        ByteBuffer b = ByteBuffer.allocate(size()).order(order);
        long seconds = event.micros() / 1_000_000;
        long micros = event.micros() % 1_000_000;
        if (longBytes == 8) {
            b.putLong(seconds).putLong(micros);
        } else {
            b.putInt((int) seconds).putInt((int) micros);
        }
        b.putShort((short) event.type()).putShort((short) event.code()).putInt(event.value());
        return b.array();
    }
}
