package org.meternode.tools.headend;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.Map;
import java.util.Optional;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;

/**
 * The shape a SenML-CBOR Send body must have before Leshan decodes it (RFC 8428, LwM2M 1.1 Send):
 * one definite array of at most {@link SendGuard#MAX_RECORDS} maps whose labels are the SenML ones
 * with values of their type. Leshan's decoder skips a field of the wrong type (a text {@code t}
 * became a reading without time, silently not stored); here the whole Send is refused (4.00),
 * naming the record and label.
 */
final class SenMlShape {
    private static final int SENML_CBOR = 112;
    private static final Map<Integer, CBORType> LABELS = Map.ofEntries(
            Map.entry(-1, CBORType.Integer), Map.entry(-2, CBORType.TextString), Map.entry(-3, CBORType.FloatingPoint),
            Map.entry(-4, CBORType.TextString), Map.entry(-5, CBORType.FloatingPoint),
            Map.entry(-6, CBORType.FloatingPoint), Map.entry(0, CBORType.TextString),
            Map.entry(1, CBORType.TextString), Map.entry(2, CBORType.FloatingPoint),
            Map.entry(3, CBORType.TextString), Map.entry(4, CBORType.Boolean), Map.entry(5, CBORType.FloatingPoint),
            Map.entry(6, CBORType.FloatingPoint), Map.entry(7, CBORType.FloatingPoint),
            Map.entry(8, CBORType.ByteString));

    private SenMlShape() {
    }

    /** The refusal for a request to {@code /dp}: only SenML-CBOR POSTs are looked at. */
    static Optional<String> refusal(Request request) {
        if (request.getCode() != CoAP.Code.POST || request.getOptions().getContentFormat() != SENML_CBOR) {
            return Optional.empty();
        }
        return refusal(request.getPayload()).map(why -> "Send refused: " + why);
    }

    static Optional<String> refusal(byte[] body) {
        CBORObject top;
        try {
            top = CBORObject.DecodeFromBytes(body);
        } catch (CBORException | IllegalArgumentException e) {
            return Optional.of("body is not one well-formed CBOR item (" + e.getMessage() + ")");
        }
        if (top.getType() != CBORType.Array) {
            return Optional.of("body is a CBOR " + top.getType() + ", not a SenML array");
        }
        if (top.size() > SendGuard.MAX_RECORDS) {
            return Optional.of(top.size() + " records (at most " + SendGuard.MAX_RECORDS + ")");
        }
        for (int i = 0; i < top.size(); i++) {
            Optional<String> wrong = record(i, top.get(i));
            if (wrong.isPresent()) {
                return wrong;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> record(int index, CBORObject record) {
        if (record.getType() != CBORType.Map) {
            return Optional.of("record " + index + " is a CBOR " + record.getType() + ", not a map");
        }
        for (CBORObject key : record.getKeys()) {
            if (key.getType() == CBORType.TextString && "vlo".equals(key.AsString())) {
                if (record.get(key).getType() != CBORType.TextString) {
                    return Optional.of("record " + index + ": vlo is not a text string");
                }
                continue;
            }
            if (key.getType() != CBORType.Integer || !key.CanValueFitInInt32()
                    || !LABELS.containsKey(key.AsInt32Value())) {
                return Optional.of("record " + index + ": label " + clip(key) + " is not a SenML label");
            }
            CBORType want = LABELS.get(key.AsInt32Value());
            CBORObject value = record.get(key);
            boolean number = value.isNumber() && value.getType() != CBORType.Boolean;
            boolean ok = want == CBORType.FloatingPoint ? number && value.AsNumber().IsFinite()
                    : want == CBORType.Integer ? value.getType() == CBORType.Integer
                    : value.getType() == want;
            if (!ok) {
                return Optional.of("record " + index + ": label " + key.AsInt32Value() + " must be "
                        + (want == CBORType.FloatingPoint ? "a finite number" : "a " + want) + ", got " + clip(value));
            }
        }
        return Optional.empty();
    }

    private static String clip(CBORObject o) {
        String s = o.getType() == CBORType.TextString ? "text of " + o.AsString().length() + " characters"
                : o.getType() == CBORType.ByteString ? "bytes" : o.toString();
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
