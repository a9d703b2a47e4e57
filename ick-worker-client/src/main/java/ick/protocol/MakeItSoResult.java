package ick.protocol;

import java.util.List;

/** What make-it-so did, item by item. */
public record MakeItSoResult(List<Change> changes) {
    /** @param kind {@code project} or {@code pipeline}; @param outcome {@code created}, {@code updated} or {@code unchanged} */
    public record Change(String kind, String name, String outcome) {
    }

    public boolean changedAnything() {
        return changes.stream().anyMatch(c -> !"unchanged".equals(c.outcome()));
    }
}
