/**
 * Builds: one run of a project's pipelines. Triggering makes a {@link ick.build.Build} and starts the batch job
 * {@code build}, whose step {@code expand} turns the project into the build graph (a {@link ick.build.BuildAction}
 * per node, made by the pure {@link ick.build.BuildGraph}) and then stops, so that no thread waits while
 * workers run the actions; when the graph is finished the job is restarted at step {@code finish}, which
 * settles the build's state. Every build ends through {@link ick.build.BuildEnds} (also one cancelled before it
 * had a graph), which fires {@link ick.build.BuildEnded}. The build log (controller lines and worker
 * output, as numbered chunks at character offsets) lives here too. Entities own their state transitions and
 * refuse illegal ones.
 */
package ick.build;
