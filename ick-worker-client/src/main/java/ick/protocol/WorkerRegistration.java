package ick.protocol;

import java.util.List;

/** What a worker says of itself when it registers. Its name is never part of it: that is the token's subject. */
public record WorkerRegistration(List<String> labels) {
}
