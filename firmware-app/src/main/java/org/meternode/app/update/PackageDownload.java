package org.meternode.app.update;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A package arriving (block by block for a pull, at once for a push) into a file in the state
 * directory, never whole in the heap. As soon as the header is in, its signature, board and version
 * are checked, so a package this node would refuse is not downloaded to the end; then free space
 * and the announced size are enforced.
 */
public final class PackageDownload implements AutoCloseable {
    private final Path part;
    private final Path done;
    private final BundleVerifier verifier;
    private final FileChannel out;
    private final byte[] head = new byte[BundleHeader.maxLength()];
    private long bytes;
    private long expected = -1;
    private BundleManifest manifest;
    private boolean completed;

    public PackageDownload(Path part, Path done, BundleVerifier verifier) throws IOException {
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
        ByteBuffer b = ByteBuffer.wrap(data, offset, length);
        while (b.hasRemaining()) {
            out.write(b);
        }
        bytes += length;
    }

    private void checkSpace() throws IOException, UpdateException {
        long slotBytes = manifest.files().stream().mapToLong(BundleManifest.FileEntry::size).sum();
        long needed = (expected - bytes) + slotBytes;
        long usable = Files.getFileStore(part).getUsableSpace();
        if (usable < needed) {
            throw new UpdateException(UpdateResult.NOT_ENOUGH_FLASH, "package " + manifest.firmwareVersion()
                    + " needs " + needed / 1024 + " KiB (download and slot), only " + usable / 1024 + " KiB free");
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
