package ick.it.ui;

import static org.assertj.core.api.Assertions.assertThat;

import ick.it.TestEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A plain HTTP client that logs in to the UI as a browser without script would: it follows the OIDC redirects
 * itself, posts ick's login form, keeps the cookies and remembers every {@code Set-Cookie} it was sent. For
 * what a browser hides: response headers, and posts that no page of the UI would make.
 */
final class PlainLogin {
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> setCookies = new ArrayList<>();

    /** Opens the UI, is sent to the login page, logs in there and follows the redirects back to the dashboard. */
    static PlainLogin as(String user, String password) {
        PlainLogin login = new PlainLogin();
        HttpResponse<String> page = login.follow(login.get("/ui/"));
        assertThat(page.uri().getPath()).isEqualTo("/authorize");
        String form = page.uri().getRawQuery() + "&" + form(Map.of("username", user, "password", password));
        HttpResponse<String> dashboard = login.follow(login.post("/authorize", form));
        assertThat(dashboard.statusCode()).as(dashboard.body()).isEqualTo(200);
        assertThat(dashboard.body()).contains("id=\"user\">" + user + "<");
        return login;
    }

    /** Each {@code Set-Cookie} header this client was sent, in order. */
    List<String> setCookies() {
        return setCookies;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(TestEnv.baseUrl() + path)).GET());
    }

    HttpResponse<String> post(String path, String form) {
        return send(HttpRequest.newBuilder(URI.create(TestEnv.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(BodyPublishers.ofString(form)));
    }

    /** A GET whose body comes line by line as it arrives (a stream of server-sent events). */
    HttpResponse<Stream<String>> lines(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(TestEnv.baseUrl() + path)).GET().build(), BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The page at the end of the redirects from {@code response}. */
    private HttpResponse<String> follow(HttpResponse<String> response) {
        for (int hops = 0; response.statusCode() / 100 == 3; hops++) {
            assertThat(hops).as("redirects from " + response.uri()).isLessThan(10);
            URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
            response = send(HttpRequest.newBuilder(next).GET());
        }
        return response;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(), BodyHandlers.ofString());
            setCookies.addAll(response.headers().allValues("Set-Cookie"));
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
