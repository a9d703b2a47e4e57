package ick.client.worker;

import ick.client.yaml.InputFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerConfigTest {
    @TempDir
    Path dir;

    @Test
    void fullConfigurationIsReadWithPathsFromTheFilesDirectoryAndHome() throws Exception {
        Path file = Files.writeString(dir.resolve("worker.yaml"), """
                controller: https://ick.example.org/
                token-url: https://idp.example.org/token
                client-id: worker-1
                secret-file: worker-1.secret
                ca-file: ~/ca.pem
                workspace-root: /var/lib/ick/workspaces
                labels: [debian, amd64]
                """);

        WorkerConfig config = WorkerConfig.load(file);

        assertThat(config.secretFile()).isEqualTo(dir.resolve("worker-1.secret"));
        assertThat(config.caFile()).isEqualTo(Path.of(System.getProperty("user.home"), "ca.pem"));
        assertThat(config.workspaceRoot()).isEqualTo(Path.of("/var/lib/ick/workspaces"));
        assertThat(config.labels()).containsExactly("debian", "amd64");
        assertThat(config.client().apiUrl()).isEqualTo(URI.create("https://ick.example.org/api/v1"));
        assertThat(config.client().tokenEndpoint()).isEqualTo(URI.create("https://idp.example.org/token"));
    }

    @Test
    void tokenUrlDefaultsToTheControllers() throws Exception {
        Path file = Files.writeString(dir.resolve("worker.yaml"),
                "controller: http://localhost:8080\nclient-id: w\nsecret-file: s\nworkspace-root: ws\n");

        WorkerConfig config = WorkerConfig.load(file);

        assertThat(config.client().tokenEndpoint()).isEqualTo(URI.create("http://localhost:8080/token"));
        assertThat(config.labels()).isEmpty();
    }

    @Test
    void unknownKeyAndMissingSettingsAreRefused() throws Exception {
        Path typo = Files.writeString(dir.resolve("typo.yaml"),
                "controller: http://localhost:8080\nclient-id: w\nsecret-file: s\nworkspace_root: ws\n");
        Path noRoot = Files.writeString(dir.resolve("noroot.yaml"),
                "controller: http://localhost:8080\nclient-id: w\nsecret-file: s\n");
        Path noClient = Files.writeString(dir.resolve("noclient.yaml"),
                "controller: http://localhost:8080\nsecret-file: s\nworkspace-root: ws\n");

        assertThatThrownBy(() -> WorkerConfig.load(typo)).isInstanceOf(InputFileException.class)
                .hasMessage(typo + ":4:1: unknown key \"workspace_root\" in the worker configuration; known keys: "
                        + "controller, token-url, client-id, secret-file, ca-file, workspace-root, labels, trusted, secrets, "
                        + "systree-cache-max-size, container-tmpfs-size");
        assertThatThrownBy(() -> WorkerConfig.load(noRoot)).hasMessageContaining("workspace-root");
        assertThatThrownBy(() -> WorkerConfig.load(noClient)).hasMessageContaining("client-id");
    }

    @Test
    void limitsAreSizesWithAUnitOrBytesAndDefaultWhenNotGiven() throws Exception {
        String base = "controller: http://localhost:8080\nclient-id: w\nsecret-file: s\nworkspace-root: ws\n";
        Path given = Files.writeString(dir.resolve("given.yaml"),
                base + "systree-cache-max-size: 20G\ncontainer-tmpfs-size: 512m\n");
        Path bytes = Files.writeString(dir.resolve("bytes.yaml"), base + "systree-cache-max-size: 1000000\n");
        Path none = Files.writeString(dir.resolve("none.yaml"), base);
        Path bad = Files.writeString(dir.resolve("bad.yaml"), base + "systree-cache-max-size: 20 GB\n");
        Path percent = Files.writeString(dir.resolve("percent.yaml"), base + "container-tmpfs-size: 50%\n");

        assertThat(WorkerConfig.load(given).limits()).isEqualTo(new WorkerLimits(20L << 30, 512L << 20));
        assertThat(WorkerConfig.load(bytes).limits().systreeCacheMaxBytes()).isEqualTo(1_000_000);
        assertThat(WorkerConfig.load(none).limits()).isEqualTo(WorkerLimits.DEFAULTS);
        assertThatThrownBy(() -> WorkerConfig.load(bad)).isInstanceOf(InputFileException.class)
                .hasMessageContaining("\"systree-cache-max-size\" is 20 GB, not a size");
        assertThatThrownBy(() -> WorkerConfig.load(percent)).isInstanceOf(InputFileException.class)
                .hasMessageContaining("\"container-tmpfs-size\" is 50%, not a size");
    }

    @Test
    void sizesThatOverflowAndATmpfsBelow1MAreRefusedAndANoCacheIsAllowed() throws Exception {
        String base = "controller: http://localhost:8080\nclient-id: w\nsecret-file: s\nworkspace-root: ws\n";
        Path huge = Files.writeString(dir.resolve("huge.yaml"), base + "systree-cache-max-size: 10000000T\n");
        Path hugeBytes = Files.writeString(dir.resolve("hugebytes.yaml"), base + "container-tmpfs-size: 9223372036854775808\n");
        Path unlimited = Files.writeString(dir.resolve("zero.yaml"), base + "container-tmpfs-size: 0\n");
        Path tiny = Files.writeString(dir.resolve("tiny.yaml"), base + "container-tmpfs-size: 1023K\n");
        Path noCache = Files.writeString(dir.resolve("nocache.yaml"), base + "systree-cache-max-size: 0\ncontainer-tmpfs-size: 1M\n");
        Path largest = Files.writeString(dir.resolve("largest.yaml"), base + "systree-cache-max-size: 8388607T\n");

        assertThatThrownBy(() -> WorkerConfig.load(huge)).isInstanceOf(InputFileException.class)
                .hasMessageContaining("\"systree-cache-max-size\" is 10000000T, more bytes than a worker can count");
        assertThatThrownBy(() -> WorkerConfig.load(hugeBytes)).isInstanceOf(InputFileException.class)
                .hasMessageContaining("\"container-tmpfs-size\" is 9223372036854775808, ");
        assertThatThrownBy(() -> WorkerConfig.load(unlimited)).isInstanceOf(InputFileException.class)
                .hasMessageContaining("\"container-tmpfs-size\" is 0, less than 1M");
        assertThatThrownBy(() -> WorkerConfig.load(tiny)).isInstanceOf(InputFileException.class)
                .hasMessageContaining("\"container-tmpfs-size\" is 1023K, less than 1M");
        assertThat(WorkerConfig.load(noCache).limits()).isEqualTo(new WorkerLimits(0, 1L << 20));
        assertThat(WorkerConfig.load(largest).limits().systreeCacheMaxBytes()).isEqualTo(8388607L << 40);
    }
}
