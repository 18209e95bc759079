package org.meternode.board.linux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.BoardProvider;
import org.meternode.hal.PinUse;
import org.meternode.hal.Sleeper;

/**
 * The {@code linux} board profile: validates the options, checks that the watchdog and RTC named
 * there exist, and opens a {@link LinuxBoard}. Pins are checked when a channel claims them.
 */
public final class LinuxBoardProvider implements BoardProvider {
    public static final String NAME = "linux";

    private final Sleeper sleeper;
    private final InputEventLayout layout;
    private final LinuxBoard.PortOpener jSerialComm;

    /** The system clock; used by {@link java.util.ServiceLoader}. */
    public LinuxBoardProvider() {
        this(Sleeper.system());
    }

    /** Runs on {@code sleeper}; tests pass virtual time. */
    public LinuxBoardProvider(Sleeper sleeper) {
        this(sleeper, InputEventLayout.ofThisProcess());
    }

    LinuxBoardProvider(Sleeper sleeper, InputEventLayout layout) {
        this(sleeper, layout, LinuxBoard.JSERIALCOMM);
    }

    /** {@code jSerialComm} opens ports where option serial allows jSerialComm; tests make it fail to load. */
    LinuxBoardProvider(Sleeper sleeper, InputEventLayout layout, LinuxBoard.PortOpener jSerialComm) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.jSerialComm = Objects.requireNonNull(jSerialComm, "jSerialComm");
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The options only: whether the watchdog and RTC devices exist is checked on the node at {@link #open}. */
    @Override
    public void checkOptions(BoardOptions options) throws BoardException {
        LinuxOptionsParser.parse(options);
    }

    /**
     * The pins {@link LinuxBoard} would claim, by the same {@link LinuxPins}: each use in order, then
     * the tamper and status LED pins, as the node asks for them; no sysfs or /dev file is read.
     */
    @Override
    public void checkUses(BoardOptions options, List<PinUse> uses) throws BoardException {
        LinuxPins pins = new LinuxPins(LinuxOptionsParser.parse(options), options::where);
        PinUse.checkEach(uses, pins::check);
        pins.claimOptionPins();
    }

    @Override
    public LinuxBoard open(BoardOptions options) throws BoardException {
        LinuxOptions linux = LinuxOptionsParser.parse(options);
        KernelPaths paths = linux.paths();
        if (linux.watchdog().isPresent()) {
            Path device = paths.watchdog(linux.watchdog().get());
            if (!Files.exists(device)) {
                throw new BoardException(options.where("watchdog") + ": " + device + " does not exist — is the "
                        + "watchdog driver loaded? (on a Raspberry Pi: dtparam=watchdog=on)");
            }
        }
        Optional<RtcWakeSleeper> rtc = Optional.empty();
        if (linux.rtc().isPresent()) {
            SysfsAttribute wakealarm = new SysfsAttribute(paths.rtcWakealarm(linux.rtc().get()));
            if (!wakealarm.exists()) {
                throw new BoardException(options.where("rtc") + ": " + wakealarm.path() + " does not exist — is the "
                        + "RTC's driver loaded, and can it wake the system?");
            }
            rtc = Optional.of(new RtcWakeSleeper(wakealarm, sleeper));
        }
        return new LinuxBoard(linux, sleeper, layout, options::where, rtc, jSerialComm);
    }
}
