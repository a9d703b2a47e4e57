package ick.build;

import java.util.List;
import java.util.Map;

/**
 * A build's graph is made and its first actions are ready (fired once, inside that transaction).
 *
 * @param actionsByLabels the indexes of the actions that need labels, by the labels they need
 */
public record BuildStarted(long buildId, Map<List<String>, List<Integer>> actionsByLabels) {
}
