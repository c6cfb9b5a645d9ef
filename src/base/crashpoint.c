/* Test kill points (crashpoint.h). */
#include "base/crashpoint.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

void crashpoint(const char *name)
{
	const char *want = getenv("GETT_TUI_CRASHPOINT");
	if (want && strcmp(want, name) == 0)
		raise(SIGKILL);
}
