package ick.apt;

import ick.problem.InvalidInputException;
import ick.protocol.FileHashing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * An unpacked upload that passed every check before reprepro sees it: one {@code .changes}, signed by an uploader
 * key; the files it lists, all there, none more, each of the size and SHA-256 it says; architectures the
 * repository has. The {@code .changes} is then replaced by the text gpgv verified, so that reprepro reads
 * exactly what was signed.
 *
 * @param changes         the parsed .changes
 * @param verifiedChanges the .changes reprepro includes (the verified text)
 * @param signer          the fingerprint of the uploader key that signed it
 * @param files           the upload's file names: the .changes first, then those it lists
 */
record Upload(ChangesFile changes, Path verifiedChanges, String signer, List<String> files) {
    Upload {
        files = List.copyOf(files);
    }

    /**
     * @param background reads each listed file ahead while it is hashed ({@link FileHashing}): a thread per task
     */
    static Upload check(List<String> names, Path dir, Path work, AptSettings settings, Uploaders uploaders,
                        Executor background) throws IOException {
        List<String> changesNames = names.stream().filter(n -> n.endsWith(".changes")).toList();
        if (changesNames.size() != 1) {
            throw new InvalidInputException("the upload must hold exactly one .changes file; it holds "
                    + changesNames.size());
        }
        String changesName = changesNames.get(0);
        Path changesFile = dir.resolve(changesName);
        Uploaders.Verified verified = uploaders.verify(changesFile, work);
        ChangesFile changes = ChangesFile.parse(changesName, verified.text());

        List<String> errors = new ArrayList<>();
        for (String arch : changes.architectures()) {
            if (!arch.equals("all") && !settings.architectures().contains(arch)) {
                errors.add(changesName + ": architecture " + UploadNames.quote(arch) + " is not in the repository ("
                        + String.join(" ", settings.architectures()) + ", and all)");
            }
        }
        List<String> listed = changes.files().stream().map(ChangesFile.FileEntry::name).toList();
        for (String name : names) {
            if (!name.equals(changesName) && !listed.contains(name)) {
                errors.add("the upload holds " + name + ", which " + changesName + " does not list");
            }
        }
        for (ChangesFile.FileEntry entry : changes.files()) {
            Path file = dir.resolve(entry.name());
            if (!names.contains(entry.name())) {
                errors.add(changesName + " lists " + entry.name() + ", which the upload does not hold");
            } else if (Files.size(file) != entry.size()) {
                errors.add(entry.name() + " has " + Files.size(file) + " bytes; " + changesName + " says "
                        + entry.size());
            } else if (!FileHashing.sha256(file, background).equals(entry.sha256())) {
                errors.add(entry.name() + ": its SHA-256 is not the one " + changesName + " gives");
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("the upload does not match its .changes", errors);
        }
        Files.writeString(changesFile, verified.text(), StandardCharsets.UTF_8);
        List<String> files = new ArrayList<>(List.of(changesName));
        files.addAll(listed);
        return new Upload(changes, changesFile, verified.signer(), files);
    }
}
