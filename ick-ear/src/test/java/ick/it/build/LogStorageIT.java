package ick.it.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.luben.zstd.Zstd;
import ick.it.Api;
import ick.it.TestDatabase;
import ick.it.TestEnv;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How log chunks are stored (migration V21, ick.build.LogCodec): output that compresses is stored as zstd,
 * output that does not as its UTF-8, and chunks in the form stored before V21 (plain text) read the same, from
 * any offset. The test plays the worker over HTTP and looks at the rows through JDBC.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LogStorageIT {
    private static final List<String> WORKER_SCOPES = List.of("uapi_workers_post", "uapi_work_get",
            "uapi_work_id_output_post", "uapi_work_id_result_post", "uapi_work_id_heartbeat_post");

    private final Api admin = Api.admin();
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String project = "store-" + id;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    /** A stored chunk of output: its row, codec, bytes and the size of its text in UTF-8. */
    private record Row(long id, String codec, byte[] data, int utf8Bytes) {
        String text() {
            byte[] utf8 = codec.equals("zstd") ? Zstd.decompress(data, utf8Bytes) : data;
            return new String(utf8, StandardCharsets.UTF_8);
        }
    }

    @Test
    void outputIsStoredCompressedWhereThatHelpsAndChunksOfTheOldFormReadTheSame() throws Exception {
        // a repeated line (compresses), a short line of multi-byte characters (does not), and a line whose emoji
        // sits right at the chunk's start
        String repeated = "compile src/main/java/ick/build/LogCodec.java ... ok\n".repeat(2_000);
        String wide = "h\u00e9llo w\u00f6rld \u65e5\u672c \u2603\n";
        String emoji = "\uD83D\uDE00 done\n";
        long number = runBuild(List.of(repeated, wide, emoji));
        String path = "/api/v1/projects/" + project + "/builds/" + number + "/log";
        String log = admin.get(path).body();
        assertThat(log).contains(repeated + wide + emoji);

        List<Row> rows = outputRows(number);
        assertThat(rows).extracting(Row::codec).containsExactly("zstd", "none", "none");
        assertThat(rows.get(0).data().length).isLessThan(repeated.length() / 50);
        assertThat(rows).extracting(Row::text).containsExactly(repeated, wide, emoji);

        // the form of chunks stored before V21: text, no data
        try (Connection c = database();
             PreparedStatement old = c.prepareStatement(
                     "update ick.log_chunk set text = ?, codec = null, data = null, utf8_bytes = null where id = ?")) {
            for (Row row : rows) {
                old.setString(1, row.text());
                old.setLong(2, row.id());
                old.executeUpdate();
            }
        }
        assertThat(outputRows(number)).isEmpty();
        assertThat(admin.get(path).body()).isEqualTo(log);
        long emojiAt = log.codePointCount(0, log.indexOf(emoji));
        HttpResponse<String> fromEmoji = admin.get(path + "?offset=" + emojiAt);
        assertThat(fromEmoji.body()).startsWith(emoji);
        HttpResponse<String> afterEmoji = admin.get(path + "?offset=" + (emojiAt + 1));
        assertThat(afterEmoji.body()).startsWith(" done\n");
        long wideAt = log.codePointCount(0, log.indexOf(wide));
        assertThat(admin.get(path + "?offset=" + (wideAt + 2)).body()).startsWith("llo w\u00f6rld");
    }

    @Test
    void aBigLogIsReadASliceAtATimeAndWholeByLoopingOrStreaming() throws Exception {
        // 6 chunks of 600,000 characters and 300 one-line chunks: 3.6 M characters, more than three slices
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            chunks.add(String.valueOf((char) ('a' + i)).repeat(599_999) + "\n");
        }
        for (int i = 0; i < 300; i++) {
            chunks.add("line " + i + "\n");
        }
        long number = runBuild(chunks);
        String path = "/api/v1/projects/" + project + "/builds/" + number + "/log";

        HttpResponse<String> first = admin.get(path);
        assertThat(first.body()).as("one slice: whole chunks until about 1 MiB")
                .endsWith(chunks.get(0) + chunks.get(1)).hasSizeLessThan(1_300_000);
        assertThat(first.headers().firstValue("Ick-Log-Offset")).hasValue(String.valueOf(first.body().length()));
        StringBuilder looped = new StringBuilder(first.body());
        int answers = 1;
        while (true) {
            HttpResponse<String> next = admin.get(path + "?offset=" + looped.length());
            if (next.body().isEmpty()) {
                break;
            }
            looped.append(next.body());
            assertThat(next.headers().firstValue("Ick-Log-Offset")).hasValue(String.valueOf(looped.length()));
            answers++;
        }
        String log = looped.toString();
        assertThat(log).contains(String.join("", chunks));
        for (String chunk : List.of(chunks.get(0), chunks.get(5), chunks.get(305))) {
            assertThat(log.indexOf(chunk)).as("once").isEqualTo(log.lastIndexOf(chunk));
        }
        assertThat(answers).isBetween(4, 5);

        // the same log as Server-Sent Events: every slice goes out, then the end
        HttpResponse<java.util.stream.Stream<String>> sse = java.net.http.HttpClient.newHttpClient().send(
                admin.request(path).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        StringBuilder streamed = new StringBuilder();
        int events = 0;
        for (java.util.Iterator<String> lines = sse.body().iterator(); lines.hasNext(); ) {
            String line = lines.next();
            if (line.startsWith("event:") && line.contains("end")) {
                break;
            }
            if (line.startsWith("data:")) {
                streamed.append(ick.protocol.Json.mapper().readTree(line.substring(5)).path("text").asText());
                events++;
            }
        }
        assertThat(streamed.toString()).isEqualTo(log);
        assertThat(events).isGreaterThanOrEqualTo(answers);
    }

    /** Runs a build of this test's project, posting {@code chunks} as its action's output; its number. */
    private long runBuild(List<String> chunks) {
        String file = "{\"projects\": [{\"project\": \"" + project + "\", \"pipelines\": [\"p-" + id + "\"]}],"
                + " \"pipelines\": [{\"pipeline\": \"p-" + id + "\", \"actions\": [{\"shell\": \"echo hi\"}]}]}";
        assertThat(admin.post("/api/v1/make-it-so", file).statusCode()).isEqualTo(200);
        Api worker = Api.client("store-w-" + id, "secret-store-" + id, WORKER_SCOPES);
        assertThat(worker.post("/api/v1/workers", "{\"labels\": []}").statusCode()).isEqualTo(200);
        HttpResponse<String> triggered = admin.post("/api/v1/projects/" + project + "/builds", "");
        assertThat(triggered.statusCode()).as(triggered.body()).isEqualTo(201);
        long number = Api.json(triggered).get("number").asLong();
        JsonNode workspace = worker.claimFor(project);
        assertThat(worker.post(Api.workPath(workspace, "result"), "{\"exitCode\": 0}").statusCode()).isEqualTo(204);
        JsonNode action = worker.claimFor(project);
        for (int seq = 0; seq < chunks.size(); seq++) {
            HttpResponse<String> posted = worker.send("POST", Api.workPath(action, "output") + "&seq=" + seq,
                    "text/plain; charset=UTF-8", chunks.get(seq).getBytes(StandardCharsets.UTF_8));
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(204);
        }
        assertThat(worker.post(Api.workPath(action, "result"), "{\"exitCode\": 0}").statusCode()).isEqualTo(204);
        // the controller writes the build's last line when it finishes it, just after the result: wait for that,
        // so that every read of the log here sees the same text
        await().atMost(Duration.ofSeconds(30)).until(() -> Api.json(admin.get("/api/v1/projects/" + project
                + "/builds/" + number)).path("state").asText().equals("succeeded"));
        return number;
    }

    /** The output chunks of build {@code number} stored as bytes (V21 on), in order. */
    private List<Row> outputRows(long number) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (Connection c = database();
             PreparedStatement s = c.prepareStatement("select c.id, c.codec, c.data, c.utf8_bytes from ick.log_chunk c"
                     + " join ick.build b on b.id = c.build_id join ick.project p on p.id = b.project_id"
                     + " where p.name = ? and b.number = ? and c.action_id is not null and c.data is not null"
                     + " order by c.start_offset")) {
            s.setString(1, project);
            s.setLong(2, number);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new Row(r.getLong(1), r.getString(2), r.getBytes(3), r.getInt(4)));
                }
            }
        }
        return rows;
    }

    private static Connection database() throws Exception {
        return DriverManager.getConnection(TestDatabase.postgres().jdbcUrl(), "postgres", "postgres");
    }
}
