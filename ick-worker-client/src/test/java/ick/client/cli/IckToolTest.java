package ick.client.cli;

import ick.client.http.FakeController;
import ick.client.http.FakeController.Reply;
import ick.protocol.Json;
import ick.protocol.ProjectFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** icktool's commands against a controller over real HTTP: what they print and their exit codes. */
class IckToolTest {
    @TempDir
    Path dir;

    FakeController controller;
    Path config;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        controller = new FakeController();
        controller.config(dir);
        config = Files.writeString(dir.resolve("config.yaml"), """
                controller: %s
                client-id: tester
                secret-file: secret
                """.formatted(controller.url()));
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    @Test
    void itsVersionIsTheOneMavenWroteIn() {
        // the build's ick.version.label: the project's version, or the package's when debian/rules builds it
        assertThat(IckTool.version()).isNotEqualTo("unknown").doesNotContain("${").matches("[0-9][0-9A-Za-z.+~:-]*");
    }

    @Test
    void makeItSoSendsTheFileAndPrintsEachOutcome() throws Exception {
        controller.on("POST /api/v1/make-it-so", call -> Reply.json(200, """
                {"changes": [{"kind": "project", "name": "hello", "outcome": "created"},
                             {"kind": "pipeline", "name": "get_source", "outcome": "unchanged"},
                             {"kind": "pipeline", "name": "build", "outcome": "updated"}]}"""));

        assertThat(icktool("make-it-so", ProjectFilesTest.sample().toString())).isEqualTo(0);

        assertThat(out.toString()).isEqualTo("created project hello\nunchanged pipeline get_source\nupdated pipeline build\n");
        String sent = controller.calls("POST", "/api/v1/make-it-so").get(0).body();
        assertThat(Json.mapper().readValue(sent, ProjectFile.class)).isEqualTo(ProjectFiles.read(ProjectFilesTest.sample()));
    }

    @Test
    void makeItSoSaysNothingChangedWhenAllIsUnchanged() throws Exception {
        controller.on("POST /api/v1/make-it-so", call -> Reply.json(200,
                "{\"changes\": [{\"kind\": \"project\", \"name\": \"hello\", \"outcome\": \"unchanged\"}]}"));

        assertThat(icktool("make-it-so", ProjectFilesTest.sample().toString())).isEqualTo(0);

        assertThat(out.toString()).isEqualTo("unchanged project hello\nnothing changed\n");
    }

    @Test
    void makeItSoWithAMistakeInAFileSendsNothingAndExits2() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.ick"), "pipelines:\n  - pipeline: x\n    actoins: []\n");

        assertThat(icktool("make-it-so", ProjectFilesTest.sample().toString(), bad.toString())).isEqualTo(2);

        assertThat(err.toString()).contains(bad + ":3:5: unknown key \"actoins\" in a pipeline", "nothing was sent");
        assertThat(controller.calls()).isEmpty();
    }

    @Test
    void refusalPrintsTheControllersProblemAndExits3() throws Exception {
        controller.on("POST /api/v1/make-it-so", call -> new Reply(400, "application/problem+json",
                "{\"title\":\"Invalid project file\",\"status\":400,\"errors\":[\"project hello: no pipeline nope\"]}",
                Map.of()));

        assertThat(icktool("make-it-so", ProjectFilesTest.sample().toString())).isEqualTo(3);

        assertThat(err.toString()).contains("Invalid project file (HTTP 400)", "project hello: no pipeline nope");
    }

    @Test
    void unreachableControllerExits4() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        assertThat(icktool("--controller", "http://127.0.0.1:" + port, "status")).isEqualTo(4);

        assertThat(err.toString()).contains("cannot reach http://127.0.0.1:" + port);
    }

    @Test
    void buildWaitFollowsTheLogFromEachOffsetAndExits1WhenTheBuildFailed() throws Exception {
        controller.on("POST /api/v1/projects/hello/builds", call -> Reply.json(201, build("triggered")));
        AtomicInteger polls = new AtomicInteger();
        List<Reply> log = List.of(
                log("ignored: not an event stream, so icktool falls back to long polls", 0, "building"),
                log("step one\n", 9, "building"),
                log("step two\n", 18, "failed"),
                log("", 18, "failed"));
        controller.on("GET /api/v1/projects/hello/builds/7/log", call -> log.get(polls.getAndIncrement()));

        assertThat(icktool("build", "hello", "--wait")).isEqualTo(1);

        assertThat(out.toString()).isEqualTo("step one\nstep two\nbuild hello/7 failed\n");
        assertThat(controller.calls("GET", "/api/v1/projects/hello/builds/7/log")).extracting(FakeController.Call::query)
                .containsExactly("offset=0", "offset=0&wait=25", "offset=9&wait=25", "offset=18&wait=25");
    }

    @Test
    void buildPrintsTheIdOrWithJsonTheBuild() throws Exception {
        controller.on("POST /api/v1/projects/hello/builds", call -> Reply.json(201, build("triggered")));

        assertThat(icktool("build", "hello")).isEqualTo(0);
        assertThat(out.toString()).isEqualTo("hello/7\n");

        out.getBuffer().setLength(0);
        assertThat(icktool("build", "hello", "--json")).isEqualTo(0);
        assertThat(Json.mapper().readTree(out.toString()).get("state").asText()).isEqualTo("triggered");
    }

    @Test
    void logOfAFinishedBuildPrintsItAndExitsOnItsState() throws Exception {
        // the controller answers a slice at a time: icktool asks from each answer's offset until one is empty
        controller.on("GET /api/v1/projects/hello/builds/7/log", call -> switch (call.query()) {
            case "offset=0&wait=0" -> log("all ", 4, "succeeded");
            case "offset=4&wait=0" -> log("good\n", 9, "succeeded");
            default -> log("", 9, "succeeded");
        });

        assertThat(icktool("log", "hello/7")).isEqualTo(0);
        assertThat(out.toString()).isEqualTo("all good\n");
        assertThat(controller.calls("GET", "/api/v1/projects/hello/builds/7/log")).extracting(FakeController.Call::query)
                .containsExactly("offset=0&wait=0", "offset=4&wait=0", "offset=9&wait=0");

        assertThat(icktool("log", "hello-7")).isEqualTo(2);
    }

    @Test
    void showPrintsAProjectAsIckYamlThatMakeItSoReadsBack() throws Exception {
        controller.on("GET /api/v1/projects/hello", call -> Reply.json(200,
                "{\"project\":\"hello\",\"parameters\":{\"git_url\":\"https://example.org/h.git\"},\"pipelines\":[\"build\"]}"));

        assertThat(icktool("show", "hello")).isEqualTo(0);

        Path shown = Files.writeString(dir.resolve("shown.ick"), out.toString());
        ProjectFile file = ProjectFiles.read(shown);
        assertThat(file.projects()).singleElement().satisfies(p -> {
            assertThat(p.parameters()).containsEntry("git_url", "https://example.org/h.git");
            assertThat(p.pipelines()).containsExactly("build");
        });
    }

    @Test
    void showFallsBackToThePipelineAndSaysWhenNeitherExists() throws Exception {
        controller.on("GET /api/v1/pipelines/build", call -> Reply.json(200,
                "{\"pipeline\":\"build\",\"parameters\":[],\"actions\":[{\"shell\":\"make\\nmake check\\n\"}]}"));

        assertThat(icktool("show", "build")).isEqualTo(0);
        assertThat(out.toString()).contains("pipelines:", "pipeline: build", "shell: |");

        assertThat(icktool("show", "nothing")).isEqualTo(3);
        assertThat(err.toString()).contains("no project or pipeline is named nothing");
    }

    @Test
    void statusPrintsTablesOfProjectsRunningBuildsAndWorkers() throws Exception {
        controller.on("GET /api/v1/status", call -> Reply.json(200, """
                {"projects": [{"project": "hello", "lastBuild": %s}, {"project": "new"}],
                 "running": [],
                 "workers": [{"name": "w1", "labels": ["linux"], "registeredAt": "2026-01-01T00:00:00Z"}]}
                """.formatted(build("succeeded"))));

        assertThat(icktool("status")).isEqualTo(0);

        assertThat(out.toString()).contains("PROJECT", "hello    hello/7     succeeded", "new      -           never built",
                "No builds running.", "w1      linux");
    }

    @Test
    void tokenPrintsAFreshAccessToken() throws Exception {
        assertThat(icktool("token")).isEqualTo(0);
        assertThat(out.toString()).isEqualTo("token-1\n");
    }

    @Test
    void missingClientIdIsBadConfigurationExit2() throws Exception {
        Files.writeString(config, "controller: " + controller.url() + "\n");

        assertThat(icktool("projects")).isEqualTo(2);
        assertThat(err.toString()).contains("no client id");
    }

    @Test
    void unknownKeyInTheConfigurationIsExit2() throws Exception {
        Files.writeString(config, "controller: " + controller.url() + "\nclient_id: x\n");

        assertThat(icktool("projects")).isEqualTo(2);
        assertThat(err.toString()).contains(":2:1: unknown key \"client_id\" in the configuration; known keys: "
                + "controller, token-url, client-id, secret-file, ca-file");
    }

    @Test
    void everyCommandHasHelpThatDocumentsTheExitCodes() {
        for (String command : List.of("version", "make-it-so", "build", "status", "builds", "log", "show", "projects",
                "pipelines", "workers", "token")) {
            out.getBuffer().setLength(0);
            assertThat(icktool(command, "--help")).isEqualTo(0);
            assertThat(out.toString()).as(command).contains("Usage: icktool " + command, "Exit codes:",
                    "3  the controller refused the request");
        }
    }

    private int icktool(String... args) {
        CommandLine cmd = IckTool.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return cmd.execute(all);
    }

    private static String build(String state) {
        return "{\"id\":\"hello/7\",\"project\":\"hello\",\"number\":7,\"state\":\"" + state
                + "\",\"triggeredAt\":\"2026-01-01T10:00:00Z\",\"logSize\":0}";
    }

    private static Reply log(String text, long next, String state) {
        return new Reply(200, "text/plain; charset=utf-8", text,
                Map.of("Ick-Log-Offset", Long.toString(next), "Ick-Build-State", state));
    }
}
