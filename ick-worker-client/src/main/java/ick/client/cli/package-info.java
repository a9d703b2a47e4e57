/**
 * icktool, the command line of ick ({@link ick.client.cli.IckTool}): one class per subcommand
 * ({@code make-it-so}, {@code build}, {@code status}, {@code builds}, {@code log}, {@code show},
 * {@code projects}, {@code pipelines}, {@code workers}, {@code token}, {@code version}), each a thin layer
 * over one or two API calls that prints a readable answer, or the API's JSON with {@code --json}. Exit codes
 * are the same for all commands: 0 ok, 1 build failed, 2 bad usage or input, 3 refused by the controller,
 * 4 controller unreachable or failing.
 */
package ick.client.cli;
