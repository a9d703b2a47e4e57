package ick.it.trusted;

import ick.it.Api;
import ick.it.TestEnv;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the trusted-worker ITs run against, all real: PGP keys made by gpg, SSH keys by ssh-keygen, a git
 * repository with signed and unsigned tags made by git, Debian's sshd serving it on a free port, tiny Debian
 * uploads made with dpkg's tools, and worker daemons ({@code WorkerMain}) with their own clients and logs.
 */
public final class TrustedFixtures implements AutoCloseable {
    final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> gnupgHomes = new ArrayList<>();

    public TrustedFixtures(String name) throws IOException {
        dir = Files.createDirectories(TestEnv.itDir().resolve(name).toAbsolutePath());
    }

    /** A PGP key (ed25519, no passphrase): its fingerprint, armored public and secret keys. */
    public record PgpKey(String fingerprint, Path publicKey, Path secretKey, Path home) {
    }

    public PgpKey pgpKey(String name) throws IOException, InterruptedException {
        Path home = Files.createDirectories(dir.resolve("gnupg-" + name));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        gnupgHomes.add(home);
        Map<String, String> env = Map.of("GNUPGHOME", home.toString());
        run(dir, env, "gpg", "--batch", "--passphrase", "", "--quick-gen-key", name + " <" + name + "@ick.test>",
                "ed25519", "sign", "never");
        String fpr = run(dir, env, "gpg", "--batch", "--with-colons", "--list-secret-keys").lines()
                .filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
        Path pub = Files.writeString(dir.resolve(name + ".pub.asc"),
                run(dir, env, "gpg", "--batch", "--armor", "--export", fpr));
        Path sec = Files.writeString(dir.resolve(name + ".sec.asc"),
                run(dir, env, "gpg", "--batch", "--armor", "--export-secret-keys", fpr));
        return new PgpKey(fpr, pub, sec, home);
    }

    Path sshKey(String name) throws IOException, InterruptedException {
        Path key = dir.resolve(name);
        run(dir, Map.of(), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ick-it", "-f", key.toString());
        return key;
    }

    /** A repository: commits of VERSION on main, each tagged release/VERSION (signed by the key given, or not). */
    Path repository(Map<String, PgpKey> releases) throws IOException, InterruptedException {
        Path repo = Files.createDirectories(dir.resolve("origin"));
        git(repo, null, "init", "-q", "-b", "main");
        for (Map.Entry<String, PgpKey> release : releases.entrySet()) {
            Files.writeString(repo.resolve("VERSION"), release.getKey() + "\n");
            git(repo, null, "add", "VERSION");
            git(repo, null, "commit", "-q", "-m", "version " + release.getKey());
            String tag = "release/" + release.getKey();
            if (release.getValue() == null) {
                git(repo, null, "tag", "-a", "-m", tag, tag);
            } else {
                git(repo, release.getValue(), "-c", "user.signingkey=" + release.getValue().fingerprint(), "tag", "-s",
                        "-m", tag, tag);
            }
        }
        return repo;
    }

    private static void git(Path repo, PgpKey key, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=Test",
                "-c", "user.email=test@ick.test", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"));
        command.addAll(List.of(args));
        run(repo, key == null ? Map.of() : Map.of("GNUPGHOME", key.home().toString()), command.toArray(String[]::new));
    }

    /** Debian's sshd on a free port of 127.0.0.1, for this user, accepting {@code authorizedKey}. */
    record Sshd(int port, String knownHostsLine) {
        String url(Path repo) {
            return "ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + port + repo.toAbsolutePath();
        }
    }

    Sshd sshd(Path authorizedKey) throws IOException, InterruptedException {
        Path home = Files.createDirectories(dir.resolve("sshd"));
        run(home, Map.of(), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", home.resolve("host").toString());
        Files.copy(Path.of(authorizedKey + ".pub"), home.resolve("authorized_keys"));
        if ("root".equals(System.getProperty("user.name")) && !Files.isDirectory(Path.of("/run/sshd"))) {
            Files.createDirectories(Path.of("/run/sshd")); // its privilege separation directory, as root
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = home.resolve("sshd.log");
        Process p = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", "/dev/null", "-o", "Port=" + port,
                "-o", "ListenAddress=127.0.0.1", "-o", "HostKey=" + home.resolve("host"),
                "-o", "AuthorizedKeysFile=" + home.resolve("authorized_keys"), "-o", "StrictModes=no",
                "-o", "UsePAM=no", "-o", "PidFile=none", "-o", "PasswordAuthentication=no")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.readString(log).contains("Server listening")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("sshd did not start: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        String[] hostKey = Files.readString(home.resolve("host.pub")).strip().split(" ");
        return new Sshd(port, "[127.0.0.1]:" + port + " " + hostKey[0] + " " + hostKey[1] + "\n");
    }

    /** A secrets directory (0700) of files (0600) with these names and contents. */
    public Path secrets(Map<String, Path> files) throws IOException {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
        for (Map.Entry<String, Path> f : files.entrySet()) {
            Path target = secrets.resolve(f.getKey());
            Files.copy(f.getValue(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        }
        return secrets;
    }

    /**
     * Makes the test server's APT repository take uploads signed by {@code key}: its public half in the uploader
     * keyring ({@code ick.apt.uploaders}, read per upload), as file {@code NAME.asc}.
     */
    public static void allowUploadsSignedBy(PgpKey key, String name) throws IOException {
        Path uploaders = Files.createDirectories(TestEnv.itDir().resolve("data/apt/uploaders"));
        Files.copy(key.publicKey(), uploaders.resolve(name + ".asc"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Starts worker daemon {@code name} with a client of {@code scopeSet}; trusted with {@code secrets} when
     * given. Its log is {@code dir/NAME.log}.
     */
    public Path startWorker(String name, String scopeSet, Path secrets) throws IOException {
        String secret = "secret-" + name + "-" + System.nanoTime();
        Api.client(name, secret, List.of(scopeSet));
        Path secretFile = Files.writeString(dir.resolve(name + ".secret"), secret);
        Path config = Files.writeString(dir.resolve(name + ".yaml"), """
                controller: %s
                client-id: %s
                secret-file: %s
                workspace-root: %s
                """.formatted(TestEnv.baseUrl(), name, secretFile, dir.resolve("ws-" + name))
                + (secrets == null ? "" : "trusted: true\nsecrets: " + secrets + "\n"));
        Path log = dir.resolve(name + ".log");
        processes.add(new ProcessBuilder("java", "-cp", TestEnv.clientJar().toString(), "ick.client.worker.WorkerMain",
                "--config", config.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = Api.admin().get("/api/v1/workers");
            if (r.statusCode() == 200 && r.body().contains("\"" + name + "\"")) {
                return log;
            }
            sleep(200);
        }
        throw new AssertionError("worker " + name + " did not register; see " + log);
    }

    /** A source package {@code name} {@code version} (native) and its binary, built with dpkg's tools. */
    record Upload(String name, String version, Path dir, List<String> files) {
    }

    Upload debs(String name, String version) throws IOException, InterruptedException {
        Path out = Files.createDirectories(dir.resolve("debs/" + name + "_" + version));
        Path tree = out.resolve(name + "-" + version);
        Files.createDirectories(tree.resolve("debian/source"));
        Files.writeString(tree.resolve("debian/source/format"), "3.0 (quilt)\n");
        Files.writeString(tree.resolve("README"), name + " " + version + "\n");
        Files.writeString(tree.resolve("debian/control"), """
                Source: %1$s
                Section: misc
                Priority: optional
                Maintainer: ick tests <ick@ick.test>
                Standards-Version: 4.6.2

                Package: %1$s
                Architecture: all
                Description: a package of ick's trusted worker tests
                 Nothing in it.
                """.formatted(name));
        Files.writeString(tree.resolve("debian/changelog"), """
                %s (%s) unstable; urgency=medium

                  * Built by TrustedBuildIT.

                 -- ick tests <ick@ick.test>  Wed, 25 Nov 2026 12:00:00 +0000
                """.formatted(name, version));
        String upstream = version.substring(0, version.lastIndexOf('-'));
        run(out, Map.of(), "tar", "-czf", name + "_" + upstream + ".orig.tar.gz", "--exclude=debian",
                tree.getFileName().toString());
        run(out, Map.of(), "dpkg-source", "-b", tree.getFileName().toString());
        Files.createDirectories(tree.resolve("debian/tmp/DEBIAN"));
        Files.writeString(Files.createDirectories(tree.resolve("debian/tmp/usr/share/" + name)).resolve("hello.txt"),
                "hello\n");
        run(tree, Map.of(), "dpkg-gencontrol", "-p" + name, "-Pdebian/tmp");
        run(tree, Map.of(), "dpkg-deb", "--build", "debian/tmp", "..");
        run(tree, Map.of(), "dpkg-genbuildinfo");
        String changes = name + "_" + version + "_amd64.changes";
        run(tree, Map.of(), "dpkg-genchanges", "-sa", "-O../" + changes);
        List<String> files = new ArrayList<>(List.of(changes));
        boolean listing = false;
        for (String line : Files.readAllLines(out.resolve(changes))) {
            if (line.startsWith("Checksums-Sha256:")) {
                listing = true;
            } else if (listing && line.startsWith(" ")) {
                files.add(line.strip().split("\\s+")[2]);
            } else {
                listing = false;
            }
        }
        return new Upload(name, version, out, files);
    }

    /** Stores the upload as build {@code project/number}'s action: deb would: debs/PROJECT/N/* and the list. */
    /**
     * Stores {@code upload} as {@code worker}'s action: deb of build {@code project} {@code number} would: each file
     * and the list, under {@code debs/PROJECT/NUMBER/}. Returns the SHA-256 of each as JSON, the result's
     * {@code stored}.
     */
    static String storeAsBuildResults(Api worker, Upload upload, String project, long number) throws IOException {
        String prefix = "debs/" + project + "/" + number + "/";
        Map<String, String> stored = new LinkedHashMap<>();
        for (String file : upload.files()) {
            stored.put(prefix + file, put(worker, prefix + file, Files.readAllBytes(upload.dir().resolve(file))));
        }
        stored.put(prefix + "files", put(worker, prefix + "files", (String.join("\n", upload.files()) + "\n").getBytes()));
        return ick.protocol.Json.mapper().writeValueAsString(stored);
    }

    private static String put(Api client, String name, byte[] bytes) {
        HttpResponse<String> r = client.send("PUT", "/api/v1/blobs/" + name, "application/octet-stream", bytes);
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError("PUT " + name + ": " + r.statusCode() + " " + r.body());
        }
        return Api.json(r).get("sha256").asText();
    }

    static String run(Path dir, Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        for (Path home : gnupgHomes) {
            try {
                run(dir, Map.of(), "gpgconf", "--homedir", home.toString(), "--kill", "all");
            } catch (IOException | AssertionError e) {
                // no agent
            }
        }
    }
}
