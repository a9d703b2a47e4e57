package ick.project;

import ick.protocol.BuildState;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who is told when a project's build ends, and about which outcomes: the project file's {@code notify},
 * {@code notify-on} and {@code webhook}, and their rules.
 *
 * @param addresses e-mail recipients (may be empty)
 * @param on        the outcomes told: {@code failure}, {@code success}, {@code fixed}; null means
 *                  {@link #DEFAULT_ON}
 * @param webhook   an http(s) URL, or null
 */
public record Notify(List<String> addresses, List<String> on, String webhook) {
    public static final String FAILURE = "failure";
    public static final String SUCCESS = "success";
    public static final String FIXED = "fixed";
    public static final Set<String> OUTCOMES = Set.of(FAILURE, SUCCESS, FIXED);
    /** What is told when a project says nothing: what needs a human (failures) and the good news after them. */
    public static final List<String> DEFAULT_ON = List.of(FAILURE, FIXED);

    public Notify {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        on = on == null ? null : List.copyOf(on);
    }

    /**
     * Whether a build that ended in {@code state} is told; {@code previousFailed} says whether the project's
     * build before it failed (a success after a failure is "fixed", and "success" covers it too).
     */
    public boolean tells(BuildState state, boolean previousFailed) {
        List<String> wanted = on == null ? DEFAULT_ON : on;
        if (state == BuildState.FAILED) {
            return wanted.contains(FAILURE);
        }
        return wanted.contains(SUCCESS) || (previousFailed && wanted.contains(FIXED));
    }

    /** Every fault of a project's notification settings, one line each, starting with {@code label}. */
    public static List<String> check(String label, List<String> addresses, List<String> on, String webhook) {
        List<String> errors = new ArrayList<>();
        if (addresses != null) {
            for (int i = 0; i < addresses.size(); i++) {
                addressProblem(addresses.get(i)).ifPresent(p -> errors.add(label + ", notify: " + p));
            }
        }
        if (on != null) {
            for (String outcome : on) {
                if (outcome == null || !OUTCOMES.contains(outcome)) {
                    errors.add(label + ", notify-on: \"" + outcome + "\" is not one of failure, success, fixed");
                }
            }
        }
        if (webhook != null) {
            webhookProblem(webhook).ifPresent(p -> errors.add(label + ", webhook: " + p));
        }
        return errors;
    }

    /** Why {@code address} is not one e-mail address (strict RFC 822 syntax, with a domain), if it is not. */
    public static Optional<String> addressProblem(String address) {
        if (address == null || address.isBlank()) {
            return Optional.of("an address is empty");
        }
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            parsed.validate();
            if (parsed.isGroup() || !parsed.getAddress().contains("@")) {
                return Optional.of("\"" + address + "\" is not an e-mail address");
            }
            return Optional.empty();
        } catch (AddressException e) {
            return Optional.of("\"" + address + "\" is not an e-mail address (" + e.getMessage() + ")");
        }
    }

    private static Optional<String> webhookProblem(String webhook) {
        try {
            URI uri = new URI(webhook);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                return Optional.of("must be an absolute http or https URL");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL (" + e.getReason() + ")");
        }
    }
}
