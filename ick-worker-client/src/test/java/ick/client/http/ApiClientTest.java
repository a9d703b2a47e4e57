package ick.client.http;

import ick.protocol.VersionInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static ick.client.http.FakeController.Reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiClientTest {
    @TempDir
    Path dir;

    FakeController controller;
    ApiClient api;

    @BeforeEach
    void start() throws IOException {
        controller = new FakeController();
        controller.on("GET /api/v1/projects", call -> Reply.json(200, "[]"));
        api = new ApiClient(controller.config(dir));
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    @Test
    void tokenIsFetchedOnceAndReusedWhileItLasts() throws Exception {
        api.get("/projects", List.class);
        api.get("/projects", List.class);

        assertThat(controller.tokensIssued()).isEqualTo(1);
        assertThat(controller.calls()).extracting(FakeController.Call::token).containsExactly("token-1", "token-1");
    }

    @Test
    void tokenWithLessThanAMinuteLeftIsReplacedBeforeUse() throws Exception {
        controller.tokenLifetime(59);

        api.get("/projects", List.class);
        api.get("/projects", List.class);

        assertThat(controller.calls()).extracting(FakeController.Call::token).containsExactly("token-1", "token-2");
    }

    @Test
    void callRefusedWith401GetsAFreshTokenAndIsRetriedOnce() throws Exception {
        api.get("/projects", List.class);
        controller.revokeTokens();

        assertThat(api.get("/projects", List.class)).isEmpty();

        assertThat(controller.calls()).extracting(FakeController.Call::token)
                .containsExactly("token-1", "token-1", "token-2");
    }

    @Test
    void persistent401IsAnErrorAfterOneRetry() {
        controller.on("GET /api/v1/status", call -> Reply.problem(401, "Unauthorized", "wrong audience"));

        assertThatThrownBy(() -> api.get("/status", Map.class))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThat(controller.calls("GET", "/api/v1/status")).hasSize(2);
    }

    @Test
    void problemJsonAnswerBecomesAnExceptionCarryingTheServersWords() {
        controller.on("POST /api/v1/make-it-so", call -> new Reply(400, "application/problem+json",
                "{\"type\":\"about:blank\",\"title\":\"Bad project file\",\"status\":400,"
                        + "\"detail\":\"2 problems\",\"errors\":[\"pipeline build: unknown parameter x\","
                        + "\"project hello: no pipeline nope\"],\"traceId\":\"extension members are allowed\"}", Map.of()));

        assertThatThrownBy(() -> api.post("/make-it-so", Map.of(), Map.class))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.problem().errors()).containsExactly("pipeline build: unknown parameter x",
                            "project hello: no pipeline nope");
                    assertThat(e.getMessage()).contains("Bad project file (HTTP 400): 2 problems",
                            "pipeline build: unknown parameter x", "project hello: no pipeline nope");
                });
    }

    @Test
    void errorWithoutProblemBodyIsDescribedFromItsStatusAndIsRetryableWhen5xx() {
        controller.on("GET /api/v1/status", call -> new Reply(502, "text/html", "<html>Bad Gateway</html>", Map.of()));

        assertThatThrownBy(() -> api.get("/status", Map.class))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.getMessage()).contains("GET /api/v1/status failed (HTTP 502)");
                });
    }

    @Test
    void noContentIsNull() throws Exception {
        controller.on("GET /api/v1/work", call -> Reply.status(204));

        assertThat(api.get("/work?wait=0", Map.class)).isNull();
        assertThat(controller.calls("GET", "/api/v1/work").get(0).query()).isEqualTo("wait=0");
    }

    @Test
    void publicCallNeedsNoCredentials() throws Exception {
        controller.on("GET /api/v1/version", call -> Reply.json(200,
                "{\"name\":\"ick\",\"version\":\"1.0\",\"apiUrl\":\"x\",\"tokenUrl\":\"y\"}"));
        ApiClient anonymous = new ApiClient(ClientConfig.anonymous(controller.url()));

        assertThat(anonymous.getPublic("/version", VersionInfo.class).version()).isEqualTo("1.0");
        assertThat(controller.tokensIssued()).isZero();
    }

    @Test
    void wrongSecretIsRefusedWithoutShowingTheSecret() throws IOException {
        Path secret = dir.resolve("wrong");
        Files.writeString(secret, "not-the-secret");
        ApiClient wrong = new ApiClient(new ClientConfig(controller.url(), null, FakeController.CLIENT, secret, null));

        assertThatThrownBy(() -> wrong.get("/projects", List.class))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).contains("client \"tester\" was refused (invalid_client)")
                            .doesNotContain("not-the-secret");
                });
    }

    @Test
    void missingSecretFileIsAConfigurationError() {
        ApiClient missing = new ApiClient(new ClientConfig(controller.url(), null, "x", dir.resolve("nope"), null));

        assertThatThrownBy(() -> missing.get("/projects", List.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read the secret file");
    }

    @Test
    void controllerThatIsNotListeningIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ApiClient nobody = new ApiClient(ClientConfig.anonymous(URI.create("http://127.0.0.1:" + port)));

        assertThatThrownBy(() -> nobody.getPublic("/version", VersionInfo.class))
                .isInstanceOfSatisfying(UnreachableException.class, e -> {
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.getMessage()).contains("cannot reach http://127.0.0.1:" + port, "connection refused");
                });
    }
}
