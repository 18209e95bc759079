package org.meternode.board.pi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.pi4j.context.Context;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.Boards;

/**
 * "Pick a board strictly": on a machine that is not a Pi, {@code board: pi} must fail loudly even
 * though Pi4J's mock plugin is on this (test) class path and Pi4J itself would fall back to it.
 */
class ProductionContextTest {
    private static final String ARCH = System.getProperty("os.arch");

    @TempDir
    Path stateDir;

    /** Only a Pi can run these natives; everywhere else (this x86_64 build machine) the test must hold. */
    private static void notOnArm() {
        assumeFalse(ARCH.equals("aarch64") || ARCH.equals("arm"), "on ARM the natives may load");
    }

    @Test
    void the_production_factory_fails_loudly_here() {
        notOnArm();
        assertThatThrownBy(() -> new GpiodLinuxFsContextFactory().create(PiOptions.defaults()))
                .isInstanceOf(BoardException.class)
                .hasMessageStartingWith("board 'pi': Pi4J gpiod/linuxfs providers could not load on " + ARCH + " (")
                .hasMessageContaining("UNKNOWN/UNSUPPORTED 'os.arch' : [" + ARCH + "]")
                .hasMessageEndingWith(") — this is not a Raspberry Pi, or libgpiod is missing");
    }

    @Test
    void the_board_found_by_name_fails_the_same_way_and_not_with_mocks() {
        notOnArm();
        assertThatThrownBy(() -> Boards.open("pi", BoardOptions.of(Map.of(), stateDir)))
                .isInstanceOf(BoardException.class)
                .hasMessageStartingWith("board 'pi': Pi4J gpiod/linuxfs providers could not load on " + ARCH + " (")
                .hasMessageEndingWith(") — this is not a Raspberry Pi, or libgpiod is missing");
    }

    @Test
    void bad_options_are_reported_before_the_hardware_is_touched() {
        assertThatThrownBy(() -> Boards.open("pi", BoardOptions.of(Map.of("i2c-bus", -1), stateDir)))
                .hasMessageStartingWith("board-options.i2c-bus: must be a whole number 0..255");
    }

    @Test
    void the_production_context_holds_exactly_the_four_explicit_providers() {
        // Builds even here (Pi4J 3.0.3 only warns that gpiod cannot work), which is why create() checks first.
        Context context = GpiodLinuxFsContextFactory.builder(Optional.of("gpiochip4")).build();
        try {
            assertThat(context.providers().all().keySet())
                    .containsExactlyInAnyOrder("gpiod-digital-input", "gpiod-digital-output", "linuxfs-i2c", "linuxfs-spi");
            assertThat(context.platforms().all()).as("no platform, so no mock platform").isEmpty();
            assertThat(context.properties().get("gpio.chip.name")).isEqualTo("gpiochip4");
        } finally {
            context.shutdown();
        }
    }

    @Test
    void the_deepest_cause_is_the_reason_given() {
        Throwable e = new ExceptionInInitializerError(new IllegalStateException("wrong arch"));
        assertThat(GpiodLinuxFsContextFactory.rootMessage(e)).isEqualTo("wrong arch");
        assertThat(GpiodLinuxFsContextFactory.rootMessage(new NullPointerException())).isEqualTo("java.lang.NullPointerException");
    }
}
