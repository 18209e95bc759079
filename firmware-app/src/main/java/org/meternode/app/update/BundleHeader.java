package org.meternode.app.update;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The front of a bundle file, before the payload:
 * <pre>
 * "MNFW"            4 bytes, magic
 * 0x01              1 byte, container version
 * manifest length   4 bytes, big-endian, at most 64 KiB
 * manifest          the signed text ({@link BundleManifest})
 * signature length  2 bytes, big-endian (64 for Ed25519)
 * signature         Ed25519 over the manifest bytes
 * payload           the carried jars, concatenated in manifest order (payload-size bytes), then EOF
 * </pre>
 * A decoder without I/O: {@link #tryDecode(byte[], int)} reads from the first bytes of a file, so
 * a download can be checked as soon as its first blocks arrived.
 */
public record BundleHeader(byte[] manifestBytes, byte[] signature, int length) {
    static final byte[] MAGIC = "MNFW".getBytes(StandardCharsets.US_ASCII);
    static final int CONTAINER_VERSION = 1;
    static final int MAX_SIGNATURE = 512;

    /**
     * Decodes the header from the first {@code available} bytes, or empty if more bytes are needed.
     *
     * @throws UpdateException (6) when this is not a meternode bundle of a known container version, (5) when its
     *                         lengths are impossible
     */
    public static Optional<BundleHeader> tryDecode(byte[] start, int available) throws UpdateException {
        int n = Math.min(available, start.length);
        int magicSeen = Math.min(n, MAGIC.length);
        if (!Arrays.equals(start, 0, magicSeen, MAGIC, 0, magicSeen)) {
            throw new UpdateException(UpdateResult.UNSUPPORTED_PACKAGE_TYPE,
                    "not a meternode firmware bundle (the file does not start with 'MNFW')");
        }
        if (n < 9) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(start, 0, n);
        b.position(4);
        int version = b.get() & 0xff;
        if (version != CONTAINER_VERSION) {
            throw new UpdateException(UpdateResult.UNSUPPORTED_PACKAGE_TYPE, "bundle container version " + version
                    + " is not supported (this node reads version " + CONTAINER_VERSION + ")");
        }
        long manifestLength = b.getInt() & 0xffffffffL;
        if (manifestLength == 0 || manifestLength > BundleManifest.MAX_BYTES) {
            throw new UpdateException(UpdateResult.INTEGRITY_CHECK_FAILURE, "bundle manifest length " + manifestLength
                    + " is outside 1.." + BundleManifest.MAX_BYTES);
        }
        if (n < 9 + manifestLength + 2) {
            return Optional.empty();
        }
        byte[] manifest = new byte[(int) manifestLength];
        b.get(manifest);
        int signatureLength = b.getShort() & 0xffff;
        if (signatureLength == 0 || signatureLength > MAX_SIGNATURE) {
            throw new UpdateException(UpdateResult.INTEGRITY_CHECK_FAILURE, "bundle signature length " + signatureLength
                    + " is outside 1.." + MAX_SIGNATURE);
        }
        if (b.remaining() < signatureLength) {
            return Optional.empty();
        }
        byte[] signature = new byte[signatureLength];
        b.get(signature);
        return Optional.of(new BundleHeader(manifest, signature, b.position()));
    }

    /** Bytes a header of this size can take at most: enough to read before giving up. */
    public static int maxLength() {
        return 9 + BundleManifest.MAX_BYTES + 2 + MAX_SIGNATURE;
    }

    /** Writes magic, version, manifest and signature; the caller appends the payload. */
    public static void write(OutputStream out, byte[] manifest, byte[] signature) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.write(MAGIC);
        d.writeByte(CONTAINER_VERSION);
        d.writeInt(manifest.length);
        d.write(manifest);
        d.writeShort(signature.length);
        d.write(signature);
        d.flush();
    }

    /** The header as bytes (for tests and tools). */
    public static byte[] encode(byte[] manifest, byte[] signature) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out, manifest, signature);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
