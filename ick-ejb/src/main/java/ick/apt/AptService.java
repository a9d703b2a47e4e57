package ick.apt;

import ick.identity.PrivateFiles;
import ick.problem.ConflictException;
import ick.problem.InvalidInputException;
import ick.problem.NoSuchItemException;
import ick.protocol.AptRepository;
import ick.protocol.AptUpload;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The APT repository: keeps it with reprepro, takes signed uploads into a suite, and says what each suite holds.
 * At start it makes (or imports) the repository key, writes reprepro's configuration from {@link AptSettings}
 * and exports every suite's signed indices, so that {@code apt-get update} works on an empty suite. If that
 * fails (reprepro not installed, a bad setting) the controller still runs; uploads then get 503 with the
 * reason, which is also logged. No database transaction is involved: the repository's state is reprepro's.
 */
@Startup
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AptService {
    private static final Logger LOG = Logger.getLogger(AptService.class.getName());

    /** Reads an upload's files ahead while they are hashed. */
    @Resource
    ManagedThreadFactory threads;

    private volatile Ready ready;
    private volatile String unavailable = "the APT repository is starting";

    /** What a started repository needs. */
    private record Ready(AptSettings settings, RepositoryKey key, Reprepro reprepro, Uploaders uploaders,
                         Command command) {
    }

    @PostConstruct
    void start() {
        try {
            AptSettings settings = AptSettings.fromConfig();
            if (!Files.isDirectory(settings.publicDir())) {
                LOG.warning(() -> "APT: " + settings.publicDir() + " did not exist when the server started, so"
                        + " /apt/ is not served until the next start (wildfly-config/apt.cli). Create it before"
                        + " starting the server: docs/operations.md");
                Files.createDirectories(settings.publicDir());
            }
            Files.createDirectories(settings.dir().resolve("incoming"));
            Command command = new Command(Map.of(), settings.timeout());
            RepositoryKey key = RepositoryKey.open(settings.dir(), settings.signingKey(), command);
            key.publish(settings.publicDir());
            Reprepro reprepro = new Reprepro(settings.dir(), command.withGnupgHome(key.home()));
            reprepro.configure(settings, key.fingerprint());
            ready = new Ready(settings, key, reprepro, new Uploaders(settings.uploaders(), command), command);
            LOG.info(() -> "APT: repository in " + settings.dir() + ", suites " + settings.suites()
                    + ", signed by " + key.fingerprint() + ", served at /apt/");
        } catch (IOException | RuntimeException e) {
            unavailable = "the APT repository is not available: " + e.getMessage();
            LOG.log(Level.SEVERE, "APT: " + unavailable + " (uploads are refused with 503)",
                    LOG.isLoggable(Level.FINE) ? e : null);
        }
    }

    @PreDestroy
    void stop() {
        Ready r = ready;
        if (r != null) {
            r.key().stopAgent();
        }
    }

    /** The suites and what they hold. */
    public AptRepository repository() {
        Ready r = ready();
        List<AptRepository.Suite> suites = new ArrayList<>();
        for (String suite : r.settings().suites()) {
            suites.add(new AptRepository.Suite(suite, List.of(AptSettings.COMPONENT), r.settings().architectures(),
                    r.reprepro().list(suite)));
        }
        return new AptRepository("/apt", r.key().fingerprint(), suites);
    }

    /**
     * Puts the packages of an upload into {@code suite}: {@code tar} holds one {@code .changes} signed by an
     * uploader key and every file it lists. On any refusal nothing changes.
     *
     * @throws NoSuchItemException      unknown suite (404)
     * @throws InvalidInputException    a bad tar, names, .changes, or files that do not match it (400)
     * @throws UploadForbiddenException not signed by an uploader key (403)
     * @throws ConflictException        the suite already has this version or a newer one (409)
     * @throws IOException              reading the body failed (e.g. it is over the size limit)
     */
    public AptUpload upload(String suite, InputStream tar) throws IOException {
        Ready r = ready();
        if (!r.settings().suites().contains(suite)) {
            throw new NoSuchItemException("no suite " + UploadNames.quote(suite) + " in the APT repository; its"
                    + " suites are " + String.join(", ", r.settings().suites()));
        }
        Path work = r.settings().dir().resolve("incoming").resolve(UUID.randomUUID().toString());
        PrivateFiles.createDirectory(work);
        try {
            Path files = Files.createDirectory(work.resolve("files"));
            List<String> names = UploadTar.unpack(tar, files);
            Upload upload = Upload.check(names, files, work, r.settings(), r.uploaders(),
                    hashing -> threads.newThread(hashing).start());
            Command.Result included = r.reprepro().include(suite, upload.verifiedChanges(),
                    upload.changes().source(), present -> refuseKnownVersions(r, suite, upload.changes(), present));
            if (!included.ok()) {
                throw refusal(suite, included, work);
            }
            LOG.info(() -> "APT: " + suite + " now has " + upload.changes().source() + " "
                    + upload.changes().version() + " (signed by " + upload.signer() + ")");
            return new AptUpload(suite, upload.changes().source(), upload.changes().version(), upload.files());
        } finally {
            delete(work);
        }
    }

    /** reprepro would skip a version the suite has, or an older one, and say nothing: refuse it instead. */
    private static void refuseKnownVersions(Ready r, String suite, ChangesFile changes, Set<String> versions) {
        for (String present : versions) {
            if (present.equals(changes.version())) {
                throw new ConflictException(suite + " already has " + changes.source() + " " + present
                        + "; upload a new version");
            }
            if (r.command().run(r.settings().dir(), List.of("dpkg", "--compare-versions", present, "gt",
                    changes.version())).ok()) {
                throw new ConflictException(suite + " has " + changes.source() + " " + present + ", newer than "
                        + changes.version() + "; upload a newer version");
            }
        }
    }

    /** reprepro refused: the same file with other contents is a conflict (409), anything else bad input. */
    private static RuntimeException refusal(String suite, Command.Result included, Path work) {
        List<String> lines = included.lines().stream().map(l -> l.replace(work + "/files/", "")
                .replace(work.toString(), "")).filter(l -> !l.startsWith("There have been errors")).toList();
        LOG.warning(() -> "APT: reprepro refused an upload to " + suite + ":\n" + String.join("\n", lines));
        if (lines.stream().anyMatch(l -> l.contains("different checksums") || l.contains("already registered"))) {
            return new ConflictException("the repository already has a file of this upload with other contents: "
                    + String.join("; ", lines));
        }
        return new InvalidInputException("reprepro refused the upload", lines.isEmpty()
                ? List.of("reprepro exited with " + included.exitCode()) : lines);
    }

    private Ready ready() {
        Ready r = ready;
        if (r == null) {
            throw new AptUnavailableException(unavailable);
        }
        return r;
    }

    private static void delete(Path dir) {
        try {
            FileTree.delete(dir);
        } catch (IOException | UncheckedIOException e) {
            LOG.warning(() -> "APT: cannot delete " + dir + ": " + e);
        }
    }
}
