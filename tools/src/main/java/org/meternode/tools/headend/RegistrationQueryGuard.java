package org.meternode.tools.headend;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;

/**
 * Checks the query of a Register or Update (POST /rd, POST /rd/{id}) before Leshan parses it, so a
 * garbage {@code lt=}, {@code b=} or {@code lwm2m=} is refused with 4.00 and a message naming the
 * parameter, instead of escaping Leshan as a NumberFormatException (5.00). Runs in a
 * {@link GuardedResource} in front of Leshan's {@code rd} resource.
 */
final class RegistrationQueryGuard {
    private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern LIFETIME = Pattern.compile("[1-9][0-9]{0,9}");
    private static final Set<String> VERSIONS = Set.of("1.0", "1.1");
    private static final Set<String> BINDINGS = Set.of("U", "UQ");

    private RegistrationQueryGuard() {
    }

    /** The refusal for a request to {@code /rd...}: POST /rd is a Register, POST /rd/{id} an Update. */
    static Optional<String> refusal(Request request) {
        if (request.getCode() != CoAP.Code.POST) {
            return Optional.empty();
        }
        boolean register = request.getOptions().getUriPath().size() == 1;
        return refusal(register, request.getOptions().getUriQuery())
                .map(why -> (register ? "Register" : "Update") + " refused: " + why);
    }

    /** Why the query of a Register ({@code register}) or Update must be refused, or empty. */
    static Optional<String> refusal(boolean register, List<String> query) {
        Set<String> seen = new HashSet<>();
        for (String param : query) {
            int eq = param.indexOf('=');
            String key = eq < 0 ? param : param.substring(0, eq);
            String value = eq < 0 ? null : param.substring(eq + 1);
            if (!seen.add(key)) {
                return Optional.of("query parameter '" + clip(key) + "' given twice");
            }
            Optional<String> wrong = switch (key) {
                case "ep" -> register && value != null && ENDPOINT.matcher(value).matches() ? Optional.empty()
                        : Optional.of("ep=" + clip(value) + ": endpoint must be 1-64 letters, digits or ._:-"
                                + (register ? "" : " and only given on Register"));
                case "lt" -> value != null && LIFETIME.matcher(value).matches() && Long.parseLong(value) <= Integer.MAX_VALUE
                        ? Optional.empty() : Optional.of("lt=" + clip(value) + ": lifetime must be 1.."
                                + Integer.MAX_VALUE + " seconds");
                case "lwm2m" -> register && value != null && VERSIONS.contains(value) ? Optional.empty()
                        : Optional.of("lwm2m=" + clip(value) + ": version must be one of " + VERSIONS);
                case "b" -> value != null && BINDINGS.contains(value) ? Optional.empty()
                        : Optional.of("b=" + clip(value) + ": binding must be one of " + BINDINGS);
                case "Q" -> value == null ? Optional.empty() : Optional.of("Q takes no value");
                default -> Optional.of("query parameter '" + clip(key) + "' is not one a meternode head-end takes"
                        + " (ep, lt, lwm2m, b, Q)");
            };
            if (wrong.isPresent()) {
                return wrong;
            }
        }
        return register && !seen.contains("ep") ? Optional.of("Register without ep= (endpoint name)") : Optional.empty();
    }

    private static String clip(String s) {
        if (s == null) {
            return "(no value)";
        }
        String printable = s.codePoints().limit(40)
                .collect(StringBuilder::new, (b, c) -> b.append(c < 0x20 || c == 0x7f ? '?' : (char) c),
                        StringBuilder::append).toString();
        return s.length() > 40 ? printable + "..." : printable;
    }
}
