package ick.client.worker;

import com.fasterxml.jackson.annotation.JsonProperty;
import ick.client.http.ClientConfig;
import ick.client.http.ConfigException;
import ick.client.yaml.InputFileException;
import ick.client.yaml.StrictYaml;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The worker's configuration file: how to reach the controller (as {@link ClientConfig}) plus where
 * workspaces live and the labels the worker announces.
 * <pre>
 * controller: http://localhost:8080
 * client-id: worker-1
 * secret-file: /etc/ick/worker-1.secret
 * workspace-root: /var/lib/ick/workspaces    # a project's workspace is {workspace-root}/{project}
 * labels: [debian, amd64]
 * # token-url and ca-file as for icktool
 * </pre>
 */
public record WorkerConfig(
        @JsonProperty("controller") URI controller,
        @JsonProperty("token-url") URI tokenUrl,
        @JsonProperty("client-id") String clientId,
        @JsonProperty("secret-file") Path secretFile,
        @JsonProperty("ca-file") Path caFile,
        @JsonProperty("workspace-root") Path workspaceRoot,
        @JsonProperty("labels") List<String> labels) {

    private static final StrictYaml YAML = new StrictYaml(Map.of(WorkerConfig.class, "in the worker configuration"));

    /** Reads and checks a worker configuration; relative paths are taken from the file's directory. */
    public static WorkerConfig load(Path file) throws InputFileException {
        WorkerConfig raw = YAML.read(file, WorkerConfig.class);
        Path dir = file.toAbsolutePath().getParent();
        WorkerConfig config = new WorkerConfig(raw.controller, raw.tokenUrl, raw.clientId,
                ClientConfig.resolve(dir, raw.secretFile), ClientConfig.resolve(dir, raw.caFile),
                ClientConfig.resolve(dir, raw.workspaceRoot), raw.labels);
        try {
            config.client().requireCredentials();
        } catch (ConfigException e) {
            throw new InputFileException(file, 0, 0, e.getMessage(), e);
        }
        if (config.workspaceRoot == null) {
            throw new InputFileException(file, 0, 0, "no workspace root: set \"workspace-root\"", null);
        }
        return config;
    }

    public List<String> labels() {
        return labels == null ? List.of() : labels;
    }

    public ClientConfig client() {
        return new ClientConfig(controller, tokenUrl, clientId, secretFile, caFile);
    }
}
