package ick.client.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test help: whether a pid is a live process. A zombie (dead, not yet reaped by init) counts as dead. */
final class Processes {
    private Processes() {
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
