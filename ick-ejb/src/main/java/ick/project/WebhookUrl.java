package ick.project;

import java.net.URI;

/** How a webhook's URL is shown (API answers, the UI, logs): its path, query and user part often hold a secret. */
public final class WebhookUrl {
    private WebhookUrl() {
    }

    /** Scheme, host and port only. */
    public static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
