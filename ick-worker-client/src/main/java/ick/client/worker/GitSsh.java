package ick.client.worker;

import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Git over SSH with one named key (a trusted worker's {@code ssh_key} secret), through JGit's Apache MINA sshd
 * transport, in the worker's process. It offers that key only (no agent, no {@code ~/.ssh/id_*}), reads no
 * {@code ~/.ssh/config}, and accepts only a server whose host key is already known: from {@code known_hosts}
 * in the secrets directory if there is one, else the worker user's {@code ~/.ssh/known_hosts}.
 */
final class GitSsh implements TransportConfigCallback, AutoCloseable {
    /** The file of known host keys a trusted worker keeps beside its secrets. */
    static final String KNOWN_HOSTS = "known_hosts";

    private final SshdSessionFactory factory;

    private GitSsh(SshdSessionFactory factory) {
        this.factory = factory;
    }

    /**
     * @param key       the private key (OpenSSH format, without passphrase)
     * @param knownHosts the known host keys the server's must be among
     * @param tempDir   the action's temporary directory (JGit's idea of a home there: nothing of the user's)
     */
    static GitSsh withKey(Path key, Path knownHosts, Path tempDir) throws IOException {
        Path home = Files.createTempDirectory(tempDir, "ssh-");
        Path config = Files.writeString(home.resolve("config"), """
                Host *
                  IdentityFile "%s"
                  IdentitiesOnly yes
                  StrictHostKeyChecking yes
                  PasswordAuthentication no
                  KbdInteractiveAuthentication no
                  GSSAPIAuthentication no
                """.formatted(key.toAbsolutePath()));
        SshdSessionFactory factory = new SshdSessionFactoryBuilder()
                .setHomeDirectory(home.toFile())
                .setSshDirectory(home.resolve(".ssh").toFile())
                .setConfigFile(dir -> config.toFile())
                .setDefaultIdentities(dir -> List.of(key))
                .setDefaultKnownHostsFiles(dir -> List.of(knownHosts))
                .setPreferredAuthentications("publickey")
                .build(null);
        return new GitSsh(factory);
    }

    /** The known hosts file of a trusted worker with secrets in {@code secretsDir}. */
    static Path knownHosts(Path secretsDir) {
        Path beside = secretsDir.resolve(KNOWN_HOSTS);
        return Files.isRegularFile(beside) ? beside
                : Path.of(System.getProperty("user.home"), ".ssh", KNOWN_HOSTS);
    }

    /** Whether {@code url} is fetched over SSH ({@code ssh://...} or {@code user@host:path}). */
    static boolean isSsh(String url) {
        return url.startsWith("ssh://") || url.startsWith("git+ssh://") || url.startsWith("ssh+git://")
                || url.matches("[^/:]+@[^/:]+:.*");
    }

    @Override
    public void configure(org.eclipse.jgit.transport.Transport transport) {
        if (transport instanceof SshTransport ssh) {
            ssh.setSshSessionFactory(factory);
        }
    }

    @Override
    public void close() {
        factory.close();
    }
}
