package ick.notify;

import ick.project.WebhookUrl;
import ick.protocol.Json;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** POSTs a build's JSON summary to a project's webhook; anything but a 2xx answer is a failed attempt. */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WebhookSender {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public void send(Outbox.Claim claim, BuildReport report) throws IOException, InterruptedException {
        byte[] body = Json.mapper().writeValueAsBytes(report.summary());
        HttpRequest request = HttpRequest.newBuilder(URI.create(claim.target()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("User-Agent", "ick")
                .header("Ick-Notification", Long.toString(claim.id())) // the same on every attempt: for dedup
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<Void> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // Not the URL itself: its path may be a secret.
            throw new IOException("webhook " + WebhookUrl.origin(claim.target()) + " unreachable: " + e, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("webhook " + WebhookUrl.origin(claim.target()) + " answered HTTP " + response.statusCode());
        }
    }
}
