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

/* "<Enter>", "<C-x>", ... -> key; 0 when unknown. */
ui_key script_key_from_name(const char *name);
/* The text of one screen row as UTF-8, trailing spaces trimmed (heap string). */
char *script_screen_row(int y);
/* The attributes of the same row, one code per character of script_screen_row's text (a
   character's trailing spaces trimmed alike): '.' plain, else a hex digit of the sum of
   1 bold, 2 dim, 4 underline, 8 reverse (heap string). */
char *script_screen_attrs(int y);

#endif
