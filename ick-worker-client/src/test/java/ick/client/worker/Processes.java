package ick.client.worker;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test help: whether a pid is a live process. A zombie (dead, not yet reaped by init) counts as dead. */
final class Processes {
    private Processes() {
    }

    /**
     * The live processes whose command line holds {@code marker}, by their pids as the host sees them: a pid that
     * an action's script writes ({@code $$}, {@code $!}) is one of its PID namespace.
     */
    static List<Long> withArgument(String marker) {
        List<Long> found = new ArrayList<>();
        String[] names = new File("/proc").list();
        for (String name : names == null ? new String[0] : names) {
            if (name.matches("[1-9][0-9]*")) {
                try {
                    String line = Files.readString(Path.of("/proc", name, "cmdline"), StandardCharsets.ISO_8859_1);
                    if (line.contains(marker) && alive(Long.parseLong(name))) {
                        found.add(Long.parseLong(name));
                    }
                } catch (IOException gone) {
                    // ended meanwhile
                }
            }
        }
        return found;
    }

    static boolean alive(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String text = Files.readString(stat);
            char state = text.charAt(text.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }
}
