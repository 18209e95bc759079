package org.meternode.hal.meter.mbus;

import java.util.List;

/**
 * Several simulated meters on one bus: every request reaches all of them. Replies sent at the same
 * time overlap bit by bit; a slave sending a 0 (space, more current) wins, so the bus carries the AND.
 */
final class SimulatedMbus {
    private final List<MbusSlave> meters;

    SimulatedMbus(MbusSlave... meters) {
        this.meters = List.of(meters);
    }

    byte[] answer(byte[] request) {
        byte[] bus = new byte[0];
        for (MbusSlave meter : meters) {
            byte[] reply = meter.answer(request);
            byte[] merged = new byte[Math.max(bus.length, reply.length)];
            for (int i = 0; i < merged.length; i++) {
                int a = i < bus.length ? bus[i] : 0xFF;
                int b = i < reply.length ? reply[i] : 0xFF;
                merged[i] = (byte) (a & b);
            }
            bus = merged;
        }
        return bus;
    }
}
