/*
 * `gett-tui audit FILE|URL [--sizes 80x24,120x40,…] [--out DIR] [--format text|json]
 * [--quiet]`: the render audit (docs/audit.md). The catalog is read as `gett-tui --catalog`
 * reads a file (lint_open_catalog) or as `gett-tui lint URL` fetches one (catalog_fetch.h),
 * walked headless by ui/audit_walk.h, and reported by lint/lint_audit.h. The exit status is
 * lint's (lint.h LINT_EXIT_*): 0 nothing found, 1 findings, 2 the catalog could not be read,
 * a screen could not be written, or bad usage.
 */
#ifndef GETT_CLI_AUDIT_H
#define GETT_CLI_AUDIT_H

/* argv[0] is the subcommand's name ("audit"). */
int audit_main(int argc, char **argv);

#endif
