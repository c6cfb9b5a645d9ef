/*
 * Headless mode (`--script FILE`, docs/tui.md): the app on a virtual ncurses
 * screen, driven by one command per line. Keys go through app_handle_key, the
 * same entry point the real terminal uses.
 */
#ifndef GETT_UI_SCRIPT_H
#define GETT_UI_SCRIPT_H

#include "ui/app.h"

/* Exit status of a script whose command failed. */
#define SCRIPT_EXIT_FAILED 3

/* Runs the script on a cols x rows virtual screen; returns the exit status. */
int script_run(app *a, const char *path, int cols, int rows);

/* The virtual screen a headless run draws on (script_run's, and the render audit's). */
typedef struct script_screen {
	FILE *out, *in; /* what ncurses writes (thrown away) and reads (never written) */
	int in_write;
} script_screen;
/* Makes a cols x rows virtual ncurses screen for `a` (a->screen, headless) and draws the app
   on it once; false after saying why on stderr. script_screen_close ends it. */
bool script_screen_open(app *a, script_screen *s, int cols, int rows);
void script_screen_close(app *a, script_screen *s);

/* "<Enter>", "<C-x>", ... -> key; 0 when unknown. */
ui_key script_key_from_name(const char *name);
/* The text of one screen row as UTF-8, trailing spaces trimmed (heap string). */
char *script_screen_row(int y);
/* The attributes of the same row, one code per character of script_screen_row's text (a
   character's trailing spaces trimmed alike): '.' plain, else a hex digit of the sum of
   1 bold, 2 dim, 4 underline, 8 reverse (heap string). */
char *script_screen_attrs(int y);

/* Writes the screen's text to `path`, a line per row (script_screen_row); with attrs, each row
   followed by its attributes (script_screen_attrs). False with errno set when it cannot. */
bool script_screen_dump(const char *path, bool attrs);

#endif
