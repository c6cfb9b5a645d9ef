/* gettext wrappers shared by every translation unit that shows text to people. */
#ifndef GETT_I18N_H
#define GETT_I18N_H

#include <libintl.h>

#define _(s)  gettext(s)
#define N_(s) (s)

#endif
