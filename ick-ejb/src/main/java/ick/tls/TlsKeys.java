package ick.tls;

import ick.identity.PrivateFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.logging.Logger;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * The two key pairs of ACME, made once and then kept as PEM files (0600, in a 0700 directory): the account key
 * ({@value #ACCOUNT_KEY}), which is the ACME account, and the domain key ({@value #DOMAIN_KEY}), which every
 * certificate certifies. Losing the account key only means a new account; the files are never replaced.
 */
final class TlsKeys {
    static final String ACCOUNT_KEY = "account-key.pem";
    static final String DOMAIN_KEY = "domain-key.pem";
    private static final Logger LOG = Logger.getLogger(TlsKeys.class.getName());

    private final Path dir;

    TlsKeys(Path dir) {
        this.dir = dir;
    }

    KeyPair account() throws IOException {
        return loadOrCreate(dir.resolve(ACCOUNT_KEY));
    }

    KeyPair domain() throws IOException {
        return loadOrCreate(dir.resolve(DOMAIN_KEY));
    }

    private KeyPair loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            return load(file);
        }
        PrivateFiles.createDirectory(dir);
        KeyPair pair = KeyPairUtils.createECKeyPair("secp256r1");
        StringWriter pem = new StringWriter();
        KeyPairUtils.writeKeyPair(pair, pem);
        try {
            PrivateFiles.write(file, pem.toString().getBytes(StandardCharsets.UTF_8), false);
        } catch (FileAlreadyExistsException e) {
            return load(file); // made meanwhile by another controller on the same data directory
        }
        LOG.info(() -> "TLS key created: " + file);
        return pair;
    }

    private static KeyPair load(Path file) throws IOException {
        PrivateFiles.tighten(file);
        return KeyPairUtils.readKeyPair(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
    }
}
