package org.meternode.hal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every profile's {@link BoardProvider#checkUses} must do: refuse exactly the uses the opened
 * board refuses, with the very message its capability getter gives, accept what the board grants,
 * and touch neither hardware nor the state directory. A test class per profile extends this and
 * supplies its cases; JUnit runs these tests for it.
 */
public abstract class PinUseCheckContract {
    /** Board options and what channels ask of a board with them, in order. */
    public record Case(String name, Map<String, Object> options, List<PinUse> uses) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A fresh directory per test; subclasses may build fake device trees in it. */
    @TempDir
    protected Path dir;

    /** The profile whose check is under test. */
    protected abstract BoardProvider provider();

    /** The profile's board opened on test doubles (no real hardware) with {@code options}. */
    protected Board open(BoardOptions options) throws BoardException {
        return provider().open(options);
    }

    /** Configs {@code run} refuses at a channel's pin, each for a different rule. */
    protected abstract List<Case> refused();

    /** A config whose uses the board grants. */
    protected abstract Case granted();

    /** Options as the app builds them: each key named with a place in the file. */
    protected BoardOptions options(Map<String, Object> values, Path stateDir) {
        return new BoardOptions(values, stateDir, key -> "board-options." + key + " (node.yaml:9:3)");
    }

    @Test
    void each_refused_use_is_refused_by_the_check_with_the_message_the_board_gives() throws Exception {
        for (Case c : refused()) {
            String atRun = firstRefusalAtRun(c).orElseThrow(
                    () -> new AssertionError(c + ": the opened board granted every use"));

            PinUsesRefusedException checked = catchThrowableOfType(PinUsesRefusedException.class,
                    () -> provider().checkUses(options(c.options(), unusedStateDir()), c.uses()));

            assertThat(checked).as(c.name()).isNotNull();
            assertThat(checked.getMessage()).as(c.name()).isEqualTo(atRun);
            assertThat(checked.refusals().get(0).message()).as(c.name()).isEqualTo(atRun);
            assertThat(atRun).as(c.name()).contains(checked.refusals().get(0).use().holder());
        }
    }

    @Test
    void granted_uses_pass_the_check() {
        Case c = granted();
        assertThatCode(() -> provider().checkUses(options(c.options(), unusedStateDir()), c.uses()))
                .as(c.name()).doesNotThrowAnyException();
    }

    @Test
    void every_refused_use_is_reported_not_only_the_first() {
        Case first = refused().get(0);
        Case second = refused().get(1);
        List<PinUse> both = new java.util.ArrayList<>(first.uses());
        second.uses().stream().map(u -> new PinUse(u.channel() + "-2", u.input(), u.capability())).forEach(both::add);
        Map<String, Object> options = new java.util.LinkedHashMap<>(first.options());
        second.options().forEach(options::putIfAbsent);

        PinUsesRefusedException e = catchThrowableOfType(PinUsesRefusedException.class,
                () -> provider().checkUses(options(options, unusedStateDir()), both));

        assertThat(e).isNotNull();
        assertThat(e.refusals()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(e.refusals()).allSatisfy(r -> assertThat(r.message()).startsWith(r.use().holder() + ": "));
    }

    @Test
    void the_check_leaves_the_state_directory_alone() throws Exception {
        Path state = dir.resolve("state");
        for (Case c : refused()) {
            try {
                provider().checkUses(options(c.options(), state), c.uses());
            } catch (BoardException expected) {
                // refused: that is the point
            }
        }
        provider().checkUses(options(granted().options(), state), granted().uses());
        assertThat(state).doesNotExist();
    }

    private Path unusedStateDir() {
        return dir.resolve("no-state");
    }

    /** Opens the board and asks it for each use in order, as the node does at start. */
    private Optional<String> firstRefusalAtRun(Case c) throws Exception {
        Path state = Files.createDirectories(dir.resolve("run-" + c.name().replaceAll("\\W", "_")));
        try (Board board = open(options(c.options(), state))) {
            for (PinUse use : c.uses()) {
                switch (use.capability()) {
                    case PULSE_COUNTER -> board.pulseCounter(new PulseInput(use.channel(), use.input(), Duration.ZERO));
                    case ANALOG -> board.analogChannel(use.channel(), use.input());
                    case POWER_MONITOR -> board.powerMonitor(use.channel(), use.input(), 0.1, 3.2);
                    case DIGITAL_IN -> board.digitalInput(use.channel(), use.input());
                    case DIGITAL_OUT -> board.digitalOutput(use.channel(), use.input());
                }
            }
            return Optional.empty();
        } catch (BoardException e) {
            return Optional.of(e.getMessage());
        }
    }
}
