package org.meternode.hal.meter;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Seeded source of fuzz inputs: random bytes, and golden frames damaged by bit flips, truncation,
 * insertion, deletion, duplication, splicing and "interesting" bytes. An optional fixer repairs a
 * protocol's checksum on half of the mutants, so the decoder is exercised past its checksum check.
 */
public final class Mutator {
    private static final byte[] INTERESTING = {0x00, (byte) 0xFF, 0x7F, (byte) 0x80, '(', ')', '*', '!', '/', '\r',
            '\n', '0', '9', 0x01, 0x02, 0x03, 0x06, 0x0F, 0x1F, 0x2F, 0x1B, 0x1A, 0x68, 0x16, 0x10, (byte) 0xE5,
            0x72, 0x78, 0x7A, 0x7C, (byte) 0xFC, (byte) 0xFD, (byte) 0xFB, 0x0D, 0x70, 0x7F, (byte) 0x8F, 0x63};

    private final Random random;
    private final List<byte[]> corpus;
    private final UnaryOperator<byte[]> fixer;

    public Mutator(long seed, List<byte[]> corpus, UnaryOperator<byte[]> fixer) {
        this.random = new Random(seed);
        this.corpus = List.copyOf(corpus);
        this.fixer = fixer;
    }

    public byte[] next() {
        int strategy = random.nextInt(100);
        byte[] out;
        if (strategy < 8) {
            out = new byte[random.nextInt(600)];
            random.nextBytes(out);
            return out;
        }
        byte[] base = pick();
        if (strategy < 20) {
            out = Arrays.copyOf(base, random.nextInt(base.length + 1));
        } else if (strategy < 45) {
            out = base.clone();
            for (int flips = 1 + random.nextInt(8); flips > 0 && out.length > 0; flips--) {
                out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
            }
        } else if (strategy < 60) {
            out = base.clone();
            for (int n = 1 + random.nextInt(4); n > 0 && out.length > 0; n--) {
                out[random.nextInt(out.length)] = INTERESTING[random.nextInt(INTERESTING.length)];
            }
        } else if (strategy < 70) {
            out = insert(base, chunk(pick()));
        } else if (strategy < 80) {
            out = delete(base);
        } else if (strategy < 90) {
            out = insert(base, chunk(base));
        } else {
            byte[] other = pick();
            int a = random.nextInt(base.length + 1);
            int b = random.nextInt(other.length + 1);
            out = concat(Arrays.copyOf(base, a), Arrays.copyOfRange(other, b, other.length));
        }
        return random.nextBoolean() ? fixer.apply(out) : out;
    }

    public Random random() {
        return random;
    }

    private byte[] pick() {
        return corpus.get(random.nextInt(corpus.size()));
    }

    private byte[] chunk(byte[] from) {
        int start = random.nextInt(from.length + 1);
        int end = start + random.nextInt(Math.min(64, from.length - start) + 1);
        return Arrays.copyOfRange(from, start, end);
    }

    private byte[] insert(byte[] base, byte[] chunk) {
        int at = random.nextInt(base.length + 1);
        return concat(concat(Arrays.copyOf(base, at), chunk), Arrays.copyOfRange(base, at, base.length));
    }

    private byte[] delete(byte[] base) {
        if (base.length == 0) {
            return base;
        }
        int start = random.nextInt(base.length);
        int end = start + 1 + random.nextInt(Math.min(32, base.length - start));
        return concat(Arrays.copyOf(base, start), Arrays.copyOfRange(base, end, base.length));
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
