package ick.notify;

import java.util.Locale;

/** How a notification travels. */
public enum Channel {
    /** One mail to the project's {@code notify} addresses, through the managed mail session. */
    EMAIL,
    /** A POST of a JSON build summary to the project's {@code webhook}. */
    WEBHOOK;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Channel fromJson(String json) {
        return valueOf(json.toUpperCase(Locale.ROOT));
    }
}
