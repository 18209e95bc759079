package org.meternode.app.update;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.meternode.app.state.DiskSpace;

/**
 * A package arriving (block by block for a pull, at once for a push) into a file in the state
 * directory, never whole in the heap. As soon as the header is in, its signature, board and version
 * are checked, so a package this node would refuse is not downloaded to the end; then free space
 * and the announced size are enforced. A download never takes the last {@link #OUTBOX_RESERVE_BYTES}
 * of the file system: that room belongs to the outbox, whose readings must keep being stored.
 */
public final class PackageDownload implements AutoCloseable {
    /** Free space a download leaves untouched for the outbox (and the slot state) on the same file system. */
    public static final long OUTBOX_RESERVE_BYTES = 16L * 1024 * 1024;

    private final Path part;
    private final Path done;
    private final BundleVerifier verifier;
    private final FileChannel out;
    private final byte[] head = new byte[BundleHeader.maxLength()];
    private long bytes;
    private long expected = -1;
    private BundleManifest manifest;
    private boolean completed;
    private final long reserveBytes;

    public PackageDownload(Path part, Path done, BundleVerifier verifier) throws IOException {
        this(part, done, verifier, OUTBOX_RESERVE_BYTES);
    }

    /** @param reserveBytes free space to leave on the file system (tests set the bound against a real store) */
    public PackageDownload(Path part, Path done, BundleVerifier verifier, long reserveBytes) throws IOException {
        this.reserveBytes = reserveBytes;
        this.part = part;
        this.done = done;
        this.verifier = verifier;
        Files.createDirectories(part.getParent());
        this.out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    public void append(byte[] data, int offset, int length) throws IOException, UpdateException {
        if (expected < 0 && bytes < head.length) {
            int n = (int) Math.min(length, head.length - bytes);
            System.arraycopy(data, offset, head, (int) bytes, n);
            Optional<BundleHeader> header = BundleHeader.tryDecode(head, (int) (bytes + n));
            if (header.isPresent()) {
                manifest = verifier.checkHeader(header.get());
                expected = header.get().length() + manifest.payloadSize();
                checkSpace();
            }
        }
        if (expected >= 0 && bytes + length > expected) {
            throw new UpdateException(UpdateResult.INTEGRITY_CHECK_FAILURE, "package is longer than the "
                    + expected + " bytes its manifest announces");
        }
        if (expected < 0 && bytes + length >= head.length) {
            throw new UpdateException(UpdateResult.INTEGRITY_CHECK_FAILURE, "no complete bundle header in the first "
                    + head.length + " bytes");
        }
        checkRoomFor(length);
        ByteBuffer b = ByteBuffer.wrap(data, offset, length);
        while (b.hasRemaining()) {
            out.write(b);
        }
        bytes += length;
    }

    /** Once the size is announced: the rest of the download and the slot must fit above the reserve. */
    private void checkSpace() throws IOException, UpdateException {
        long slotBytes = manifest.files().stream().mapToLong(BundleManifest.FileEntry::size).sum();
        long needed = (expected - bytes) + slotBytes;
        long usable = DiskSpace.usableBytes(part);
        if (usable - reserveBytes < needed) {
            throw new UpdateException(UpdateResult.NOT_ENOUGH_FLASH, "package " + manifest.firmwareVersion()
                    + " needs " + needed / 1024 + " KiB (download and slot), only " + usable / 1024 + " KiB free, of"
                    + " which " + reserveBytes / 1024 + " KiB are kept for the outbox");
        }
    }

    /** For every block: space can shrink while a download runs (the outbox grows), so look again. */
    private void checkRoomFor(int length) throws IOException, UpdateException {
        long usable = DiskSpace.usableBytes(part);
        if (usable - length < reserveBytes) {
            throw new UpdateException(UpdateResult.NOT_ENOUGH_FLASH, "download stopped after " + bytes / 1024
                    + " KiB: the next " + length + " byte(s) would leave less than the " + reserveBytes / 1024
                    + " KiB kept free for the outbox (" + usable / 1024 + " KiB free)");
        }
    }

    public long bytes() {
        return bytes;
    }

    /** The manifest, once the header arrived and passed the checks. */
    public Optional<BundleManifest> manifest() {
        return Optional.ofNullable(manifest);
    }

    /** All bytes are in: makes the file durable under its final name. */
    public Path complete() throws IOException {
        out.force(true);
        out.close();
        Files.move(part, done, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        DurableFiles.syncDirectory(done.getParent());
        completed = true;
        return done;
    }

    @Override
    public void close() throws IOException {
        if (out.isOpen()) {
            out.close();
        }
        if (!completed) {
            Files.deleteIfExists(part);
        }
    }
}
