/**
 * Projects and pipelines: what a {@code .ick} file defines and {@code make-it-so} stores. A project gives
 * parameter values and names the pipelines a build runs, in order; a pipeline declares the parameters it
 * accepts and lists its actions ({@code shell}, {@code python} or a built-in {@code action}, each with an
 * optional {@code where}). The rules for valid input live here as pure code ({@link ick.project.Names},
 * {@link ick.project.StepRules}, {@link ick.project.ProjectFileRules}); {@link ick.project.ProjectService} is
 * the transaction boundary that applies a file all or nothing.
 */
package ick.project;
