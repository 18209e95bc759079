package org.meternode.hal.meter.wmbus.stick;

import org.meternode.hal.meter.DecodingException;

/** A stick message that is well formed but names an endpoint, message id or command we do not know. */
public class UnknownMessageException extends DecodingException {
    public UnknownMessageException(String what, int offset) {
        super(what, offset);
    }
}
