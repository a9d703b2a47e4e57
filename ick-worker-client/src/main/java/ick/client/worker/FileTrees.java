package ick.client.worker;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Removing directory trees as a build leaves them: symbolic links are removed, never followed. */
final class FileTrees {
    private FileTrees() {
    }

    /** Removes everything inside {@code dir}, creating it if missing. */
    static void empty(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (var children = Files.list(dir)) {
            for (Path child : children.toList()) {
                delete(child);
            }
        }
    }

    /** Removes {@code path} and, if it is a directory, all in it; a missing path is fine. */
    static void delete(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                // builds leave read-only directories (e.g. Go's module cache); their entries must still go
                dir.toFile().setWritable(true, true);
                dir.toFile().setExecutable(true, true);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
