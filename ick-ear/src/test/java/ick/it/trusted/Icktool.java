package ick.it.trusted;

import ick.it.TestEnv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** icktool as a process, acting as the admin (the shaded client jar, as users run it). */
final class Icktool {
    record Result(int exitCode, String output) {
    }

    private Icktool() {
    }

    static Result run(String... args) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(TestEnv.itDir().resolve("icktool-trusted").toAbsolutePath());
        Files.writeString(dir.resolve("admin.secret"), TestEnv.adminSecret());
        Files.writeString(dir.resolve("icktool.yaml"), "controller: " + TestEnv.baseUrl() + "\nclient-id: admin\n"
                + "secret-file: " + dir.resolve("admin.secret") + "\n");
        List<String> command = new ArrayList<>(List.of("java", "-jar", TestEnv.clientJar().toString(),
                "--config", dir.resolve("icktool.yaml").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("icktool " + String.join(" ", args) + " did not finish: " + output);
        }
        return new Result(p.exitValue(), output);
    }
}
