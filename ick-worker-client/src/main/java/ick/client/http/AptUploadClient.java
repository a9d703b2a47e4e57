package ick.client.http;

import ick.protocol.AptUpload;
import ick.protocol.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Uploads to the controller's APT repository: {@code POST /api/v1/apt/{suite}/uploads} with a tar of a signed
 * {@code .changes} and its files ({@code Content-Type: application/x-tar}), by a client holding
 * {@code uapi_apt_uploads_post} (a trusted worker). Not retried: an upload the controller took and whose answer
 * was lost would be refused the second time (409, the version is in the suite).
 */
public final class AptUploadClient {
    public static final String TAR = "application/x-tar";

    private final ClientConfig config;
    private final HttpClient http;
    private final TokenSource tokens;

    public AptUploadClient(ClientConfig config) {
        config.requireController();
        config.requireCredentials();
        this.config = config;
        this.http = ApiClient.httpClient(TrustStores.sslContext(config.caFile()));
        this.tokens = TokenSource.of(http, config);
    }

    /**
     * Uploads {@code tar} into {@code suite}.
     *
     * @throws ProblemException when the controller refuses it (the problem says why: 400 bad upload, 403 bad
     *                          signature or scope, 404 no such suite, 409 version already there)
     */
    public AptUpload upload(String suite, Path tar) throws InterruptedException, IOException {
        URI uri = URI.create(config.apiUrl() + "/apt/" + suite + "/uploads");
        String token = tokens.current();
        HttpResponse<String> response = ApiClient.send(http, request(uri, tar, token));
        if (response.statusCode() == 401) {
            tokens.invalidate(token);
            response = ApiClient.send(http, request(uri, tar, tokens.current()));
        }
        if (response.statusCode() / 100 != 2) {
            throw new ProblemException(ApiClient.problem(response));
        }
        return Json.mapper().readValue(response.body(), AptUpload.class);
    }

    private static HttpRequest request(URI uri, Path tar, String token) throws IOException {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json, application/problem+json")
                .header("Content-Type", TAR)
                .POST(HttpRequest.BodyPublishers.ofFile(tar)).build();
    }
}
