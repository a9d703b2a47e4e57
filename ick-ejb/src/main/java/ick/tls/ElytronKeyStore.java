package ick.tls;

import ick.identity.PrivateFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.dmr.ModelNode;

/**
 * The key store that WildFly's HTTPS listener serves from ({@code wildfly-config/tls.cli}: Elytron key store,
 * key manager and server SSL context, all named {@value #NAME}), and how a new certificate gets into it
 * without a restart.
 *
 * <p>The file is replaced atomically (a reader sees the old or the new one), then Elytron is told to re-read
 * it: {@code key-store=ick-tls:load()} and {@code key-manager=ick-tls:init()}. Those are management
 * operations; ick runs them through the server's own management API on the loopback interface with the
 * supported {@code org.jboss.as.controller-client} API, authenticated by the {@code JBOSS-LOCAL-USER}
 * mechanism (the same as a local {@code jboss-cli.sh}: it proves the caller can read the server's temporary
 * directory, so no password exists to be kept or leaked). An SSL context only reads the key manager at each
 * new handshake, so open connections keep theirs.
 */
final class ElytronKeyStore {
    static final String NAME = "ick-tls";
    static final String ALIAS = "ick";
    private static final long OPERATION_TIMEOUT_SECONDS = 60;

    private final TlsSettings settings;

    ElytronKeyStore(TlsSettings settings) {
        this.settings = settings;
    }

    /** Writes the key and chain as the key store and makes the HTTPS listener serve them. */
    void install(KeyPair domainKey, List<X509Certificate> chain) throws TlsFailure {
        try {
            write(domainKey, chain);
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsFailure("writing the key store " + settings.keyStoreFile() + ": " + e, e);
        }
        reload();
    }

    private void write(KeyPair domainKey, List<X509Certificate> chain) throws IOException, GeneralSecurityException {
        char[] password = settings.keyStorePassword().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, domainKey.getPrivate(), password, chain.toArray(new Certificate[0]));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        store.store(bytes, password);
        PrivateFiles.createDirectory(settings.dir());
        PrivateFiles.write(settings.keyStoreFile(), bytes.toByteArray(), true);
    }

    /** Asks Elytron to re-read the key store file and to rebuild the key manager from it. */
    void reload() throws TlsFailure {
        try (ModelControllerClient client = ModelControllerClient.Factory.create("remote+http",
                InetAddress.getLoopbackAddress(), settings.managementPort())) {
            execute(client, "key-store", "load");
            execute(client, "key-manager", "init");
        } catch (IOException e) {
            throw new TlsFailure("the certificate is written but Elytron could not be told to load it (management"
                    + " port " + settings.managementPort() + ", ick.tls.management-port): " + e, e);
        }
    }

    private static void execute(ModelControllerClient client, String type, String operation) throws TlsFailure, IOException {
        ModelNode op = new ModelNode();
        op.get("operation").set(operation);
        ModelNode address = op.get("address");
        address.add("subsystem", "elytron");
        address.add(type, NAME);
        Future<ModelNode> pending = client.executeAsync(op, null);
        ModelNode result;
        try {
            result = pending.get(OPERATION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            pending.cancel(true);
            throw new IOException(type + "=" + NAME + ":" + operation + "(): " + e, e);
        }
        if (!"success".equals(result.get("outcome").asString())) {
            throw new TlsFailure("Elytron refused " + type + "=" + NAME + ":" + operation + "(): "
                    + result.get("failure-description").asString(), null);
        }
    }
}
