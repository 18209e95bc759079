package org.meternode.hal.meter.mbus;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * A meter on the bus, for tests and simulated meters (the node is always the master): answers E5h to
 * SND_NKE and to its selection, RSP_UD telegrams to REQ_UD2 in order, moving to the next only when the
 * FCB toggled (a repeated FCB means the master missed the reply, so the same telegram is sent again).
 * The telegrams of a readout are taken from a supplier when the readout starts, so values can advance.
 * It records what it was asked and can lose, replace or truncate replies.
 */
public final class MbusSlave {
    private final int primaryAddress;
    private final MbusSecondaryAddress secondaryAddress;
    private final Supplier<List<byte[]>> source;
    private List<byte[]> telegrams;
    private final List<byte[]> requests = new ArrayList<>();
    private boolean selected;
    private int next;
    private int lastFcb = -1;
    private byte[] lastReply;
    private final java.util.Map<Integer, byte[]> faults = new java.util.HashMap<>();
    private boolean truncateAll;

    /** A meter that sends the same telegrams at every readout. */
    public MbusSlave(int primaryAddress, MbusSecondaryAddress secondaryAddress, List<byte[]> telegrams) {
        this(primaryAddress, secondaryAddress, () -> telegrams);
    }

    /** A meter whose telegrams are made afresh for each readout (after SND_NKE or selection). */
    public MbusSlave(int primaryAddress, MbusSecondaryAddress secondaryAddress, Supplier<List<byte[]>> telegrams) {
        this.primaryAddress = primaryAddress;
        this.secondaryAddress = secondaryAddress;
        this.source = telegrams;
    }

    /** The reply to request number {@code n} (from 0, counting every request seen) is lost. */
    public synchronized void loseReplyTo(int n) {
        faults.put(n, new byte[0]);
    }

    /** The reply to request number {@code n} is replaced by these bytes (a damaged frame). */
    public synchronized void replaceReplyTo(int n, byte[] bytes) {
        faults.put(n, bytes.clone());
    }

    /** Every RSP_UD stops after 30 bytes: the meter dies mid-telegram. */
    public synchronized void stopMidTelegram() {
        truncateAll = true;
    }

    /** Undoes {@link #stopMidTelegram()}: the meter answers in full again. */
    public synchronized void answerInFull() {
        truncateAll = false;
    }

    public synchronized List<byte[]> requests() {
        return List.copyOf(requests);
    }

    /** Handles one complete request frame and returns the reply bytes (empty for no reply). */
    public synchronized byte[] answer(byte[] request) {
        int n = requests.size();
        requests.add(request.clone());
        byte[] reply = reply(request);
        if (reply.length > 0 && faults.containsKey(n)) {
            return faults.get(n);
        }
        if (truncateAll && reply.length > 30) {
            return Arrays.copyOf(reply, 30);
        }
        return reply;
    }

    private byte[] reply(byte[] request) {
        if (request.length == 5 && request[0] == 0x10) {
            int control = request[1] & 0xFF;
            int address = request[2] & 0xFF;
            if (!addressed(address)) {
                return new byte[0];
            }
            if (control == MbusFrame.C_SND_NKE) {
                next = 0;
                lastFcb = -1;
                telegrams = null;
                return new byte[] {(byte) 0xE5};
            }
            if ((control & ~MbusFrame.FCB) == MbusFrame.C_REQ_UD2) {
                int fcb = (control & MbusFrame.FCB) != 0 ? 1 : 0;
                if (fcb == lastFcb && lastReply != null) {
                    return lastReply;
                }
                lastFcb = fcb;
                if (telegrams == null || next == 0) {
                    telegrams = List.copyOf(source.get());
                }
                lastReply = telegrams.get(Math.min(next, telegrams.size() - 1));
                next++;
                return lastReply;
            }
        }
        if (request.length == 17 && (request[6] & 0xFF) == MbusFrame.CI_SELECT) {
            byte[] wanted = Arrays.copyOfRange(request, 7, 15);
            selected = matches(wanted, secondaryAddress.encode());
            return selected ? new byte[] {(byte) 0xE5} : new byte[0];
        }
        return new byte[0];
    }

    /** EN 13757-3 selection: F nibbles of the identification and FFh bytes of the rest are wildcards. */
    private static boolean matches(byte[] wanted, byte[] own) {
        for (int i = 0; i < 8; i++) {
            int w = wanted[i] & 0xFF;
            int o = own[i] & 0xFF;
            if (i < 4) {
                boolean high = (w & 0xF0) == 0xF0 || (w & 0xF0) == (o & 0xF0);
                boolean low = (w & 0x0F) == 0x0F || (w & 0x0F) == (o & 0x0F);
                if (!high || !low) {
                    return false;
                }
            } else if (w != 0xFF && w != o) {
                return false;
            }
        }
        return true;
    }

    private boolean addressed(int address) {
        return address == primaryAddress || address == MbusFrame.SECONDARY_ADDRESS && selected;
    }

    /** Splits a byte stream into request frames (short and long frames only). */
    public static final class RequestFramer {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        public List<byte[]> feed(byte[] data, int length) {
            pending.write(data, 0, length);
            List<byte[]> frames = new ArrayList<>();
            byte[] buffered = pending.toByteArray();
            int i = 0;
            while (i < buffered.length) {
                int start = buffered[i] & 0xFF;
                int size = start == 0x10 ? 5 : start == 0x68 && i + 1 < buffered.length ? (buffered[i + 1] & 0xFF) + 6 : -1;
                if (start != 0x10 && start != 0x68) {
                    i++;
                    continue;
                }
                if (size < 0 || i + size > buffered.length) {
                    break;
                }
                frames.add(Arrays.copyOfRange(buffered, i, i + size));
                i += size;
            }
            pending.reset();
            pending.write(buffered, i, buffered.length - i);
            return frames;
        }
    }
}
