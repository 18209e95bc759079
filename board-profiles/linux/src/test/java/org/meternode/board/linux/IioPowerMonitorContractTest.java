package org.meternode.board.linux;

import static org.meternode.board.linux.LinuxTesting.map;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.PowerMonitor.Measurement;
import org.meternode.hal.PowerMonitorContract;
import org.meternode.hal.bus.fake.VirtualSleeper;

/** hal's PowerMonitorContract against an INA219 on the kernel's ina2xx IIO driver, on the fake kernel. */
class IioPowerMonitorContractTest extends PowerMonitorContract {
    private static final double SHUNT_OHM = 0.1;
    private static final double[][] LOADS = {{12.6, 0.8}, {5.05, 2.5}, {24.1, 0.12}, {3.3, 1.7}};

    @TempDir
    Path dir;

    private final List<LinuxBoard> boards = new ArrayList<>();

    @AfterEach
    void close() {
        boards.forEach(LinuxBoard::close);
    }

    @Override
    protected Subject newSubject() throws Exception {
        FakeKernel kernel = new FakeKernel(Files.createTempDirectory(dir, "kernel"));
        Path ina = kernel.ina219("iio:device1");
        int[] load = {0};
        Runnable apply = () -> FakeKernel.setIna219(ina, LOADS[load[0]][0], LOADS[load[0]][1], SHUNT_OHM);
        apply.run();
        LinuxBoard board = LinuxTesting.open(kernel, new VirtualSleeper(), map("pins", map(
                "ina219@0x40", map("kind", "ina2xx", "device", "iio:device1"))));
        boards.add(board);
        return new Subject(board.powerMonitor("battery", "ina219@0x40", SHUNT_OHM, 3.2),
                () -> new Measurement(LOADS[load[0]][0], LOADS[load[0]][1], LOADS[load[0]][0] * LOADS[load[0]][1]),
                () -> {
                    load[0] = (load[0] + 1) % LOADS.length;
                    apply.run();
                },
                0.004, 0.001, 0.020, () -> FakeKernel.delete(ina.resolve("in_current3_raw")));
    }
}
