package org.meternode.hal.serial;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A {@link SerialLine} that hands every call to another; subclasses change the calls they care about. */
public abstract class ForwardingSerialLine implements SerialLine {
    private final SerialLine inner;

    protected ForwardingSerialLine(SerialLine inner) {
        this.inner = inner;
    }

    @Override
    public InputStream input() {
        return inner.input();
    }

    @Override
    public OutputStream output() {
        return inner.output();
    }

    @Override
    public void configure(SerialSettings settings) throws IOException {
        inner.configure(settings);
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return inner.toString();
    }
}
