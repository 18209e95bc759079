package org.meternode.board.pi;

import com.pi4j.Pi4J;
import com.pi4j.boardinfo.util.BoardInfoHelper;
import com.pi4j.context.Context;
import com.pi4j.context.ContextBuilder;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.i2c.LinuxFsI2CProvider;
import com.pi4j.plugin.linuxfs.provider.spi.LinuxFsSpiProvider;
import java.util.Optional;
import org.meternode.hal.BoardException;

/**
 * The real Pi: a Pi4J context with exactly the gpiod digital providers and the linuxfs I2C and SPI
 * providers, nothing auto-detected, so a machine that is not a Pi fails here instead of quietly
 * getting Pi4J's mocks. Pi4J 3.0.3 itself only logs a warning when gpiod cannot work, so this
 * factory loads the native libraries and checks the board before it builds the context.
 */
final class GpiodLinuxFsContextFactory implements PiContextFactory {
    /** JNI classes whose static initialisers load the bundled .so files (aarch64 and armhf only). */
    static final String GPIOD_NATIVES = "com.pi4j.library.gpiod.internal.GpioD";
    static final String LINUXFS_NATIVES = "com.pi4j.library.linuxfs.internal.LinuxFs";

    @Override
    public Pi4jContext create(PiOptions options) throws BoardException {
        loadNatives();
        if (!BoardInfoHelper.runningOnRaspberryPi()) {
            throw cannotLoad("Pi4J does not recognise this board as a Raspberry Pi", null);
        }
        Context context;
        try {
            context = builder(options.gpioChip()).build();
        } catch (RuntimeException e) {
            throw cannotLoad(rootMessage(e), e);
        }
        return new Pi4jContext(context, GpioDDigitalInputProvider.ID, GpioDDigitalOutputProvider.ID,
                LinuxFsI2CProvider.ID, LinuxFsSpiProvider.ID);
    }

    /** The context recipe on its own, so tests can check that nothing but these providers gets in. */
    static ContextBuilder builder(Optional<String> gpioChip) {
        ContextBuilder builder = Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance(),
                        LinuxFsI2CProvider.newInstance(), LinuxFsSpiProvider.newInstance());
        gpioChip.ifPresent(builder::setGpioChipName);
        return builder;
    }

    private static void loadNatives() throws BoardException {
        for (String jni : new String[] {GPIOD_NATIVES, LINUXFS_NATIVES}) {
            try {
                Class.forName(jni, true, GpiodLinuxFsContextFactory.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                throw cannotLoad(rootMessage(e), e);
            }
        }
    }

    static BoardException cannotLoad(String reason, Throwable cause) {
        return new BoardException("board 'pi': Pi4J gpiod/linuxfs providers could not load on "
                + System.getProperty("os.arch") + " (" + reason + ") — this is not a Raspberry Pi, or libgpiod is missing",
                cause);
    }

    /** The innermost message: an ExceptionInInitializerError says nothing, its cause says which arch. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getName() : message;
    }
}
