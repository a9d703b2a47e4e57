package ick.build;

/** Actions of a build became ready to be given to workers (observe after the transaction succeeded). */
public record ActionsReady(long buildId) {
}
