package org.meternode.board.sim;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.BoardProvider;
import org.meternode.hal.PinUse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code sim} board profile: validates the options, continues (or starts) the persisted virtual
 * timeline in the state directory and opens a {@link SimBoard}.
 */
public final class SimBoardProvider implements BoardProvider {
    public static final String NAME = "sim";
    private static final Logger LOG = LoggerFactory.getLogger(SimBoardProvider.class);

    private final WallTime wall;
    private final Consumer<String> watchdogReset;

    /** Runs on the machine's wall clock; used by {@link java.util.ServiceLoader}. */
    public SimBoardProvider() {
        this(WallTime.system());
    }

    /** Runs on {@code wall}; tests pass a manual wall clock. A starved watchdog halts the JVM. */
    public SimBoardProvider(WallTime wall) {
        this(wall, SimWatchdog::halt);
    }

    /** Runs on {@code wall}; a starved watchdog calls {@code watchdogReset} with the reason instead of halting. */
    public SimBoardProvider(WallTime wall, Consumer<String> watchdogReset) {
        this.wall = Objects.requireNonNull(wall, "wall");
        this.watchdogReset = Objects.requireNonNull(watchdogReset, "watchdogReset");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void checkOptions(BoardOptions options) throws BoardException {
        SimOptionsParser.parse(options);
    }

    /**
     * The pins {@link SimBoard} would claim, by the same {@link SimPins}: the option pins first, then
     * each use in order. No clock is started and the state directory is not read.
     */
    @Override
    public void checkUses(BoardOptions options, List<PinUse> uses) throws BoardException {
        SimPins pins = new SimPins(SimOptionsParser.parse(options), options::where);
        pins.claimOptionPins();
        PinUse.checkEach(uses, pins::check);
    }

    @Override
    public SimBoard open(BoardOptions options) throws BoardException {
        SimOptions sim = SimOptionsParser.parse(options);
        ClockAnchor anchor = timeline(sim, new ClockAnchorFile(options.stateDir()));
        return new SimBoard(sim, new SimClock(anchor, wall), wall, watchdogReset, options::where);
    }

    /** The stored timeline continued, or a new one; persisted before the board hands anything out. */
    private ClockAnchor timeline(SimOptions sim, ClockAnchorFile file) throws BoardException {
        Instant wallNow = wall.instant();
        Optional<ClockAnchor> stored;
        try {
            stored = file.read();
        } catch (IOException e) {
            throw new BoardException("sim clock state " + file.path() + " is unreadable (" + e.getMessage()
                    + "); delete it to start a new virtual timeline", e);
        }
        ClockAnchor anchor = stored
                .map(s -> s.continuedAt(wallNow, sim.speed(), sim.seed()))
                .orElseGet(() -> ClockAnchor.first(sim.start().orElse(null), wallNow, sim.speed(), sim.seed()));
        stored.ifPresentOrElse(s -> explain(s, anchor, sim, wallNow, file),
                () -> LOG.info("sim clock: new virtual timeline from {} at speed {} (seed {}), kept in {}",
                        anchor.epoch(), anchor.speed(), anchor.seed(), file.path()));
        if (stored.isEmpty() || !stored.get().equals(anchor)) {
            try {
                file.write(anchor);
            } catch (IOException e) {
                throw new BoardException("sim clock state " + file.path() + " cannot be written: " + e.getMessage(), e);
            }
        }
        return anchor;
    }

    private static void explain(ClockAnchor stored, ClockAnchor anchor, SimOptions sim, Instant wallNow,
            ClockAnchorFile file) {
        if (sim.start().isPresent() && !sim.start().get().equals(stored.epoch())) {
            LOG.info("sim clock: option start {} ignored, the timeline in {} (epoch {}) continues; delete that file "
                    + "to start over", sim.start().get(), file.path(), stored.epoch());
        }
        if (wallNow.isBefore(stored.wallAt())) {
            LOG.warn("sim clock: the wall clock ({}) is before the stored anchor ({}); virtual time resumes at {} "
                    + "so that it never goes backwards", wallNow, stored.wallAt(), anchor.virtualAt());
        }
        if (Double.compare(stored.speed(), anchor.speed()) != 0) {
            LOG.info("sim clock: speed changed from {} to {}; re-anchored at virtual {}",
                    stored.speed(), anchor.speed(), anchor.virtualAt());
        }
        if (stored.seed() != anchor.seed()) {
            LOG.warn("sim clock: seed changed from {} to {}; re-anchored at virtual {}. Meters are recomputed from "
                    + "epoch {} with the new seed, so pulse totals may jump", stored.seed(), anchor.seed(),
                    anchor.virtualAt(), anchor.epoch());
        }
        LOG.info("sim clock: continuing the timeline from {} (epoch {}) at virtual {}, speed {}", file.path(),
                anchor.epoch(), anchor.virtualAt(wallNow), anchor.speed());
    }
}
