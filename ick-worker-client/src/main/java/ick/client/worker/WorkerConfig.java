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
 * trusted: true                              # a trusted worker (its client must hold the scope trusted):
 * secrets: /etc/ick/secrets                  #   it runs trusted built-ins only, with the secrets kept here
 * systree-cache-max-size: 10G                # the cache of system trees by digest (K, M, G, T or bytes; 0: the last only)
 * container-tmpfs-size: 4G                   # each file system in memory of a container: its writes to / and /tmp
 *                                            #   (at least 1M)
 * </pre>
 */
public record WorkerConfig(
        @JsonProperty("controller") URI controller,
        @JsonProperty("token-url") URI tokenUrl,
        @JsonProperty("client-id") String clientId,
        @JsonProperty("secret-file") Path secretFile,
        @JsonProperty("ca-file") Path caFile,
        @JsonProperty("workspace-root") Path workspaceRoot,
        @JsonProperty("labels") List<String> labels,
        @JsonProperty("trusted") Boolean trusted,
        @JsonProperty("secrets") Path secrets,
        @JsonProperty("systree-cache-max-size") String systreeCacheMaxSize,
        @JsonProperty("container-tmpfs-size") String containerTmpfsSize) {

    /** A worker that is not trusted, with the default limits. */
    public WorkerConfig(URI controller, URI tokenUrl, String clientId, Path secretFile, Path caFile,
                        Path workspaceRoot, List<String> labels) {
        this(controller, tokenUrl, clientId, secretFile, caFile, workspaceRoot, labels, null, null, null, null);
    }

    private static final StrictYaml YAML = new StrictYaml(Map.of(WorkerConfig.class, "in the worker configuration"));

    /** Reads and checks a worker configuration; relative paths are taken from the file's directory. */
    public static WorkerConfig load(Path file) throws InputFileException {
        WorkerConfig raw = YAML.read(file, WorkerConfig.class);
        Path dir = file.toAbsolutePath().getParent();
        WorkerConfig config = new WorkerConfig(raw.controller, raw.tokenUrl, raw.clientId,
                ClientConfig.resolve(dir, raw.secretFile), ClientConfig.resolve(dir, raw.caFile),
                ClientConfig.resolve(dir, raw.workspaceRoot), raw.labels, raw.trusted,
                ClientConfig.resolve(dir, raw.secrets), raw.systreeCacheMaxSize, raw.containerTmpfsSize);
        try {
            config.client().requireCredentials();
        } catch (ConfigException e) {
            throw new InputFileException(file, 0, 0, e.getMessage(), e);
        }
        if (config.workspaceRoot == null) {
            throw new InputFileException(file, 0, 0, "no workspace root: set \"workspace-root\"", null);
        }
        if (config.secrets != null && !config.isTrusted()) {
            throw new InputFileException(file, 0, 0, "\"secrets\" is for a trusted worker: add \"trusted: true\""
                    + " (and give its client the scope trusted), or remove it", null);
        }
        if (config.isTrusted() && !java.nio.file.Files.isDirectory(config.trustedSecrets().dir())) {
            throw new InputFileException(file, 0, 0, "the secrets directory " + config.trustedSecrets().dir()
                    + " of this trusted worker does not exist (set \"secrets\" or create it, mode 0700)", null);
        }
        requireSize(file, "systree-cache-max-size", config.systreeCacheMaxSize, 0, "");
        requireSize(file, "container-tmpfs-size", config.containerTmpfsSize, WorkerLimits.MIN_CONTAINER_TMPFS_BYTES,
                "less than 1M: give at least 1M (to the kernel a tmpfs of size 0 has no limit)");
        return config;
    }

    private static void requireSize(Path file, String key, String value, long min, String tooSmall)
            throws InputFileException {
        if (value == null) {
            return;
        }
        String problem;
        try {
            Long bytes = WorkerLimits.bytes(value);
            problem = bytes == null ? "not a size: give bytes, or a number with K, M, G or T (10G)"
                    : bytes < min ? tooSmall : null;
        } catch (ArithmeticException e) {
            problem = "more bytes than a worker can count: give at most 8388607T";
        }
        if (problem != null) {
            throw new InputFileException(file, 0, 0, "\"" + key + "\" is " + value + ", " + problem, null);
        }
    }

    /** What the worker's caches may take ({@link WorkerLimits#DEFAULTS} for what the file does not say). */
    public WorkerLimits limits() {
        return new WorkerLimits(
                systreeCacheMaxSize == null ? WorkerLimits.DEFAULTS.systreeCacheMaxBytes()
                        : WorkerLimits.bytes(systreeCacheMaxSize),
                containerTmpfsSize == null ? WorkerLimits.DEFAULTS.containerTmpfsBytes()
                        : WorkerLimits.bytes(containerTmpfsSize));
    }

    /** Whether this is a trusted worker ({@code trusted: true}). */
    public boolean isTrusted() {
        return Boolean.TRUE.equals(trusted);
    }

    /** A trusted worker's secrets ({@code secrets}, default {@link Secrets#DEFAULT_DIR}); null for another worker. */
    public Secrets trustedSecrets() {
        return isTrusted() ? new Secrets(secrets != null ? secrets : Secrets.DEFAULT_DIR) : null;
    }

    public List<String> labels() {
        return labels == null ? List.of() : labels;
    }

    public ClientConfig client() {
        return new ClientConfig(controller, tokenUrl, clientId, secretFile, caFile);
    }
}
