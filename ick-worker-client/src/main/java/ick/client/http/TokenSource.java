package ick.client.http;

import ick.protocol.Json;
import ick.protocol.Problem;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * Gets access tokens with the client-credentials grant and keeps the current one until less than a minute
 * of it is left. The secret is read from its file at each request for a token (so it may be rotated without
 * a restart) and is never kept, logged or put in an exception message.
 */
final class TokenSource {
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);

    private final HttpClient http;
    private final URI endpoint;
    private final String clientId;
    private final Path secretFile;
    private final Clock clock;
    private String token;
    private Instant expiresAt = Instant.MIN;

    /** The tokens of {@code config}'s client, from its token endpoint. */
    static TokenSource of(HttpClient http, ClientConfig config) {
        return new TokenSource(http, config.tokenEndpoint(), config.clientId(), config.secretFile(), Clock.systemUTC());
    }

    TokenSource(HttpClient http, URI endpoint, String clientId, Path secretFile, Clock clock) {
        this.http = http;
        this.endpoint = endpoint;
        this.clientId = clientId;
        this.secretFile = secretFile;
        this.clock = clock;
    }

    /** The cached token, or a new one if it has less than a minute left or was declared bad. */
    synchronized String current() throws InterruptedException {
        if (token == null || clock.instant().plus(REFRESH_MARGIN).isAfter(expiresAt)) {
            TokenResponse fresh = fetch();
            token = fresh.accessToken();
            expiresAt = clock.instant().plusSeconds(fresh.expiresIn());
        }
        return token;
    }

    /** The controller refused {@code bad} (401): forget it, unless another thread already replaced it. */
    synchronized void invalidate(String bad) {
        if (bad != null && bad.equals(token)) {
            token = null;
        }
    }

    /** Always asks the endpoint; does not touch the cache. */
    TokenResponse fetch() throws InterruptedException {
        String credentials = clientId + ":" + readSecret();
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(ApiClient.DEFAULT_TIMEOUT)
                .header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        HttpResponse<String> response = ApiClient.send(http, request);
        if (response.statusCode() != 200) {
            throw refused(response);
        }
        try {
            TokenResponse answer = Json.mapper().readValue(response.body(), TokenResponse.class);
            if (answer.accessToken() == null || answer.accessToken().isBlank()) {
                throw new IOException("no access_token in the answer");
            }
            return answer;
        } catch (IOException e) {
            throw new ProblemException(new Problem("about:blank", "the token endpoint " + endpoint
                    + " gave an answer that is not a token", 502, e.getMessage(), null, null));
        }
    }

    private String readSecret() {
        try {
            String secret = Files.readString(secretFile).strip();
            if (secret.isEmpty()) {
                throw new ConfigException("the secret file " + secretFile + " is empty");
            }
            return secret;
        } catch (IOException e) {
            throw new ConfigException("cannot read the secret file " + secretFile
                    + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The token endpoint speaks OAuth ({@code {"error": "invalid_client"}}), not problem+json. */
    private ProblemException refused(HttpResponse<String> response) {
        String error = null;
        try {
            Object parsed = Json.mapper().readValue(response.body(), Map.class).get("error");
            error = parsed == null ? null : parsed.toString();
        } catch (IOException | RuntimeException ignored) {
            // not OAuth JSON: the status says enough
        }
        int status = response.statusCode();
        String detail = switch (status) {
            case 400, 401 -> "client \"" + clientId + "\" was refused" + (error == null ? "" : " (" + error + ")")
                    + ": check client-id and the secret file";
            default -> error != null ? error : "HTTP " + status;
        };
        return new ProblemException(new Problem("about:blank", "the token endpoint " + endpoint + " refused",
                status, detail, null, null));
    }
}
