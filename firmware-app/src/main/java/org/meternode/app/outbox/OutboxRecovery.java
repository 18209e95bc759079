package org.meternode.app.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.meternode.app.state.DamagedFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the outbox and, when its file or its WAL is damaged, keeps the damage instead of losing it:
 * a damaged WAL is moved aside and the database opened without it; a damaged database is moved
 * aside with its WAL and shared-memory files ({@code outbox.db.damaged-<time>}, {@code -wal},
 * {@code -shm}), whatever SQLite can still read of it is salvaged ({@link OutboxSalvage}) into a new
 * outbox, and the {@link Damage} says what happened so the node can log and report it.
 */
public final class OutboxRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRecovery.class);
    private static final int WAL_MAGIC_LE = 0x377f0682;
    private static final int WAL_MAGIC_BE = 0x377f0683;
    private static final int WAL_VERSION = 3007000;
    private static final int WAL_HEADER = 32;

    /**
     * What was found damaged and what became of it.
     *
     * @param damaged   the file found damaged (the outbox or its WAL)
     * @param keptAs    where it was moved (kept, never deleted)
     * @param error     what SQLite (or the header check) said
     * @param salvage   what could be read back out of a damaged database; empty for a damaged WAL
     */
    public record Damage(Path damaged, Path keptAs, String error, Optional<OutboxSalvage.Result> salvage) {
        /** One line for the log, the event log and health. */
        public String describe() {
            return damaged + " is damaged (" + error + "); kept as " + keptAs
                    + salvage.map(s -> "; " + s.describe()).orElse("; the database itself opened intact");
        }

        /** Whether pulse totals could not be recovered (they then restart from the board counters). */
        public boolean countersLost() {
            return salvage.map(s -> !s.countersRead()).orElse(false);
        }
    }

    /** The outbox opened, and the damage found on the way, if any (a WAL and then the database may both be). */
    public record Opened(Outbox outbox, List<Damage> damage) {
    }

    private OutboxRecovery() {
    }

    /** Opens the outbox at {@code file}, moving aside and salvaging what is damaged; times names on {@code clock}. */
    public static Opened open(Path file, Clock clock) {
        List<Damage> damage = new ArrayList<>();
        Path wal = sibling(file, "-wal");
        Optional<String> walDamage = walProblem(file, wal);
        walDamage.ifPresent(problem -> damage.add(new Damage(wal, moveAside(List.of(wal), clock).get(0), problem,
                Optional.empty())));
        if (walDamage.isPresent()) {
            deleteIndex(sibling(file, "-shm"));
        }
        if (walDamage.isEmpty()) {
            walTailProblem(wal).ifPresent(problem -> damage.add(new Damage(wal, copyAside(wal, clock), problem,
                    Optional.empty())));
        }
        Optional<String> problem = emptyFileProblem(file, wal);
        Outbox outbox = null;
        if (problem.isEmpty()) {
            try {
                outbox = Outbox.open(file, clock);
                problem = outbox.integrityProblem();
                if (problem.isEmpty()) {
                    // values SQLite cannot vouch for (a record intact, its bytes changed) must parse too
                    outbox.counterStates();
                    outbox.lastIntervalEnd();
                    outbox.checkStoredReadings();
                }
            } catch (RuntimeException e) {
                problem = Optional.of(rootMessage(e));
            }
        }
        if (problem.isEmpty()) {
            damage.forEach(d -> LOG.error("outbox: {}", d.describe()));
            return new Opened(outbox, damage);
        }
        if (outbox != null) {
            closeQuietly(outbox);
        }
        Path kept = moveAside(List.of(file, wal, sibling(file, "-shm")), clock).get(0);
        OutboxSalvage.Result salvaged = OutboxSalvage.read(kept);
        Outbox fresh = Outbox.open(file, clock);
        fresh.restore(salvaged.readings(), salvaged.counters(), salvaged.lastIntervalEnd());
        Damage d = new Damage(file, kept, problem.get(), Optional.of(salvaged));
        damage.add(d);
        damage.forEach(x -> LOG.error("outbox: {}", x.describe()));
        if (d.countersLost()) {
            LOG.error("outbox: the counter state (pulse totals) in {} could not be read: pulse totals restart from"
                    + " the board counters and can step backwards; the readings already taken are kept in {}",
                    file, kept);
        }
        return new Opened(fresh, damage);
    }

    /**
     * A zero-length outbox with no WAL is no outbox the node ever wrote (the schema is written at the
     * first open, and in WAL mode it lives in the WAL until a checkpoint): its content is gone.
     */
    private static Optional<String> emptyFileProblem(Path file, Path wal) {
        try {
            if (Files.exists(file) && Files.size(file) == 0 && (!Files.exists(wal) || Files.size(wal) == 0)) {
                return Optional.of("the file is empty (0 bytes) and has no WAL");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot read its size: " + e.getMessage());
        }
    }

    /**
     * What is wrong with the WAL's header, if anything: SQLite silently ignores a WAL whose header does
     * not check out, and overwrites it at the next write, losing the transactions in it without a word.
     */
    static Optional<String> walProblem(Path file, Path wal) {
        try {
            if (!Files.exists(wal) || Files.size(wal) == 0) {
                return Optional.empty();
            }
            byte[] head = new byte[WAL_HEADER];
            int n;
            try (var in = Files.newInputStream(wal)) {
                n = in.readNBytes(head, 0, WAL_HEADER);
            }
            if (n < WAL_HEADER) {
                return Optional.of("WAL header truncated: " + n + " of " + WAL_HEADER + " bytes");
            }
            ByteBuffer be = ByteBuffer.wrap(head).order(ByteOrder.BIG_ENDIAN);
            int magic = be.getInt(0);
            if (magic != WAL_MAGIC_LE && magic != WAL_MAGIC_BE) {
                return Optional.of(String.format("not a SQLite WAL (magic 0x%08x)", magic));
            }
            if (be.getInt(4) != WAL_VERSION) {
                return Optional.of("unknown WAL format version " + be.getInt(4));
            }
            if (!checksumMatches(head, magic == WAL_MAGIC_BE ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)) {
                return Optional.of("WAL header checksum does not match");
            }
            int walPage = be.getInt(8);
            int dbPage = dbPageSize(file);
            if (dbPage > 0 && walPage != dbPage) {
                return Optional.of("WAL page size " + walPage + " differs from the database's " + dbPage
                        + " (a WAL of another database)");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot read the WAL: " + e.getMessage());
        }
    }

    /**
     * Whether the WAL (with a sound header) ends in frames of its current generation that SQLite will
     * drop: a partial frame, a frame whose checksum fails, or frames after the last commit. A power
     * cut in the middle of a write leaves exactly that (the transaction was never committed); so does
     * a WAL cut short, which loses committed ones. SQLite drops them without a word; the node says so.
     */
    static Optional<String> walTailProblem(Path wal) {
        try {
            if (!Files.exists(wal) || Files.size(wal) < WAL_HEADER) {
                return Optional.empty();
            }
            byte[] all = Files.readAllBytes(wal);
            ByteBuffer be = ByteBuffer.wrap(all).order(ByteOrder.BIG_ENDIAN);
            ByteOrder order = be.getInt(0) == WAL_MAGIC_BE ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            int page = be.getInt(8);
            int salt1 = be.getInt(16);
            int salt2 = be.getInt(20);
            int[] sum = {be.getInt(24), be.getInt(28)};
            int frame = 24 + page;
            int frames = 0;
            int lastCommit = 0;
            int off = WAL_HEADER;
            while (off + 24 <= all.length && be.getInt(off + 8) == salt1 && be.getInt(off + 12) == salt2) {
                if (off + frame > all.length) {
                    return Optional.of("the WAL ends in a partial frame after frame " + frames + " (last commit at frame "
                            + lastCommit + "): " + (frames - lastCommit + 1) + " frame(s) dropped");
                }
                checksum(all, off, 8, order, sum);
                checksum(all, off + 24, page, order, sum);
                if (be.getInt(off + 16) != sum[0] || be.getInt(off + 20) != sum[1]) {
                    return Optional.of("WAL frame " + (frames + 1) + " fails its checksum (last commit at frame "
                            + lastCommit + "): the frames from there on are dropped");
                }
                frames++;
                if (be.getInt(off + 4) != 0) {
                    lastCommit = frames;
                }
                off += frame;
            }
            if (frames > lastCommit) {
                return Optional.of("the WAL ends in " + (frames - lastCommit) + " frame(s) after its last commit"
                        + " (frame " + lastCommit + "): an unfinished transaction, dropped");
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot read the WAL: " + e.getMessage());
        }
    }

    private static void checksum(byte[] b, int off, int len, ByteOrder order, int[] sum) {
        ByteBuffer words = ByteBuffer.wrap(b, off, len).order(order);
        int s0 = sum[0];
        int s1 = sum[1];
        for (int i = off; i < off + len; i += 8) {
            s0 += words.getInt(i) + s1;
            s1 += words.getInt(i + 4) + s0;
        }
        sum[0] = s0;
        sum[1] = s1;
    }

    private static boolean checksumMatches(byte[] head, ByteOrder order) {
        ByteBuffer words = ByteBuffer.wrap(head).order(order);
        int s0 = 0;
        int s1 = 0;
        for (int i = 0; i < 24; i += 8) {
            s0 += words.getInt(i) + s1;
            s1 += words.getInt(i + 4) + s0;
        }
        ByteBuffer be = ByteBuffer.wrap(head).order(ByteOrder.BIG_ENDIAN);
        return be.getInt(24) == s0 && be.getInt(28) == s1;
    }

    /** The page size in the database header, 0 if the file has no complete header. */
    private static int dbPageSize(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) < 100) {
            return 0;
        }
        byte[] head = new byte[100];
        try (var in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 100) < 100) {
                return 0;
            }
        }
        int size = ((head[16] & 0xff) << 8) | (head[17] & 0xff);
        return size == 1 ? 65536 : size;
    }

    /**
     * Moves {@code files} (those that exist) to {@code <name>.damaged-<time>} of the first, keeping
     * each one's suffix, so SQLite opens the kept database with its own WAL. Returns the new paths.
     */
    private static List<Path> moveAside(List<Path> files, Clock clock) {
        Path first = files.get(0);
        String name = DamagedFiles.asideName(first, clock.instant()).getFileName().toString();
        String root = first.getFileName().toString();
        List<Path> moved = new ArrayList<>();
        for (Path f : files) {
            String suffix = f.getFileName().toString().substring(root.length());
            Path target = first.resolveSibling(name + suffix);
            moved.add(target);
            try {
                if (Files.exists(f)) {
                    Files.move(f, target, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                throw new OutboxException("outbox " + f + ": damaged, and cannot move it aside to " + target + ": "
                        + e.getMessage(), e);
            }
        }
        return moved;
    }

    /** Copies {@code wal} to {@code <name>.damaged-<time>}: SQLite still opens the database with it. */
    private static Path copyAside(Path wal, Clock clock) {
        Path target = DamagedFiles.asideName(wal, clock.instant());
        try {
            Files.copy(wal, target);
            return target;
        } catch (IOException e) {
            throw new OutboxException("outbox " + wal + ": damaged, and cannot copy it aside to " + target + ": "
                    + e.getMessage(), e);
        }
    }

    /** The WAL's shared-memory index describes the WAL moved aside; SQLite rebuilds it. */
    private static void deleteIndex(Path shm) {
        try {
            Files.deleteIfExists(shm);
        } catch (IOException e) {
            throw new OutboxException("outbox " + shm + ": cannot delete the index of the damaged WAL: "
                    + e.getMessage(), e);
        }
    }

    static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    private static void closeQuietly(Outbox outbox) {
        try {
            outbox.close();
        } catch (OutboxException e) {
            LOG.warn("outbox: closing the damaged outbox failed: {}", e.getMessage());
        }
    }
}
