package ick.it.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ick.it.Api;
import ick.it.TestEnv;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An action's output bytes through a real worker into the build log: the worker keeps a process's bytes as they are
 * (ick.client.worker.OutputChunker), cuts them into chunks only between characters, and shows malformed bytes as
 * U+FFFD.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OutputBytesIT {
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Api admin = Api.admin();

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    @Test
    void multiByteCharactersCutByPipeReadsAndChunksArriveWholeAndMalformedBytesBecomeReplacementCharacters() {
        String project = "bytes-" + id;
        // 30,000 times 9 bytes (2 + 3 + 4): 270 KB, cut by 64 KiB pipe reads and chunks at every kind of place;
        // then a byte that starts no character, and a character the output's end cuts off
        String shell = "set +x; yes '\u00fc\u20ac\uD83D\uDE80' | head -n 30000 | tr -d '\\n'; echo;"
                + " printf 'bad \\377 byte\\n'; printf 'cut \\360\\237\\232'";
        String file = "{\"projects\": [{\"project\": \"" + project + "\", \"pipelines\": [\"p-" + project + "\"]}],"
                + " \"pipelines\": [{\"pipeline\": \"p-" + project + "\", \"labels\": [\"bytes-" + id + "\"],"
                + " \"actions\": [{\"shell\": " + LocalWorkers.quote(shell) + "}]}]}";
        HttpResponse<String> made = admin.post("/api/v1/make-it-so", file);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        try (LocalWorkers workers = new LocalWorkers("bytes-" + id)) {
            workers.start("bytes-" + id, List.of("bytes-" + id));
            HttpResponse<String> r = admin.post("/api/v1/projects/" + project + "/builds", "");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            String build = "/api/v1/projects/" + project + "/builds/" + Api.json(r).get("number").asLong();
            await().atMost(Duration.ofSeconds(60)).until(() -> !Api.json(admin.get(build)).get("state").asText()
                    .equals("building"));
            assertThat(Api.json(admin.get(build)).get("state").asText()).isEqualTo("succeeded");

            StringBuilder log = new StringBuilder();
            String offset = "0";
            while (true) { // the log comes in slices of about 1 MiB; offsets count characters, not UTF-16 units
                HttpResponse<String> slice = admin.get(build + "/log?offset=" + offset);
                if (slice.body().isEmpty()) {
                    break;
                }
                log.append(slice.body());
                offset = slice.headers().firstValue("Ick-Log-Offset").orElseThrow();
            }
            String expected = "\u00fc\u20ac\uD83D\uDE80".repeat(30_000) + "\nbad \uFFFD byte\ncut \uFFFD";
            assertThat(log.toString()).contains(expected);
            assertThat(log.toString().replace("\uFFFD", "")).as("no other character replaced")
                    .contains("\u00fc\u20ac\uD83D\uDE80".repeat(30_000) + "\nbad  byte\ncut ");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
