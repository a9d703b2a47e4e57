package ick.client.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Test help: fcntl locks taken by another process (python3), as another worker process on the host would. */
final class ForeignLocks {
    private static final String LOCK = """
            import fcntl, sys
            f = open(sys.argv[1], 'a+')
            try:
                fcntl.lockf(f, {'shared': fcntl.LOCK_SH, 'exclusive': fcntl.LOCK_EX, 'try': fcntl.LOCK_EX | fcntl.LOCK_NB}[sys.argv[2]])
            except OSError:
                sys.exit(1)
            print('locked', flush=True)
            if sys.argv[2] != 'try':
                sys.stdin.read()
            """;

    private ForeignLocks() {
    }

    /** Another process holding a lock on {@code file} until it is destroyed. */
    static Process hold(Path file, boolean shared) throws IOException {
        Process holder = new ProcessBuilder("python3", "-c", LOCK, file.toString(), shared ? "shared" : "exclusive")
                .redirectErrorStream(true).start();
        String said = new String(holder.getInputStream().readNBytes("locked".length()), StandardCharsets.UTF_8);
        if (!said.equals("locked")) {
            holder.destroyForcibly();
            throw new IOException("the other process did not get its lock on " + file + ": " + said);
        }
        return holder;
    }

    /** Whether another process could take the exclusive lock on {@code file} now. */
    static boolean freeForOthers(Path file) throws IOException, InterruptedException {
        Process trying = new ProcessBuilder("python3", "-c", LOCK, file.toString(), "try")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!trying.waitFor(10, TimeUnit.SECONDS)) {
            trying.destroyForcibly();
            throw new IOException("python3 did not end");
        }
        return trying.exitValue() == 0;
    }
}
