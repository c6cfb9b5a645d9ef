/* --fault ENDPOINT:KIND[:COUNT] parsing and bookkeeping (docs/sandbox.md "Faults"). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/collections.h"
#include "server_impl.h"

static const char *const endpoints[] = {"session",  "discover", "store", "catalog",
					"validate", "place",	"any"};

static const struct {
	const char *name;
	sbx_fault_kind kind;
} kinds[] = {
    {"429", SBX_FAULT_429},	    {"500", SBX_FAULT_500},
    {"502", SBX_FAULT_502},	    {"503", SBX_FAULT_503},
    {"timeout", SBX_FAULT_TIMEOUT}, {"reset", SBX_FAULT_RESET},
    {"garbage", SBX_FAULT_GARBAGE}, {"commit-then-reset", SBX_FAULT_COMMIT_THEN_RESET},
};

#define N_ENDPOINTS (sizeof endpoints / sizeof *endpoints)
#define N_KINDS	    (sizeof kinds / sizeof *kinds)

bool sbx_fault_parse(const char *spec, sbx_fault *out, char *err, size_t n)
{
	char buf[128];
	if (strlen(spec) >= sizeof buf) {
		snprintf(err, n, "fault spec too long: %.40s...", spec);
		return false;
	}
	strcpy(buf, spec);
	char *endpoint = buf, *kind = strchr(buf, ':'), *count = NULL;
	if (!kind) {
		snprintf(err, n, "bad fault \"%s\": expected ENDPOINT:KIND[:COUNT]", spec);
		return false;
	}
	*kind++ = '\0';
	/* KIND may itself contain no ':'; COUNT is what follows the last ':' if it is numeric. */
	char *last = strrchr(kind, ':');
	if (last) {
		*last = '\0';
		count = last + 1;
	}
	memset(out, 0, sizeof *out);
	bool known = false;
	for (size_t i = 0; i < N_ENDPOINTS && !known; i++)
		known = strcmp(endpoint, endpoints[i]) == 0;
	if (!known) {
		snprintf(err, n,
			 "bad fault \"%s\": unknown endpoint \"%s\" (session, discover, store, "
			 "catalog, validate, place, any)",
			 spec, endpoint);
		return false;
	}
	snprintf(out->endpoint, sizeof out->endpoint, "%s", endpoint);
	known = false;
	for (size_t i = 0; i < N_KINDS && !known; i++) {
		if (strcmp(kind, kinds[i].name) == 0) {
			out->kind = kinds[i].kind;
			known = true;
		}
	}
	if (!known) {
		snprintf(
		    err, n,
		    "bad fault \"%s\": unknown kind \"%s\" (429, 500, 502, 503, timeout, reset, "
		    "garbage, commit-then-reset)",
		    spec, kind);
		return false;
	}
	out->remaining = -1;
	if (count) {
		char *end;
		errno = 0;
		long c = strtol(count, &end, 10);
		if (*count == '\0' || *end != '\0' || errno || c < 1) {
			snprintf(err, n, "bad fault \"%s\": COUNT must be a positive integer",
				 spec);
			return false;
		}
		out->remaining = c;
	}
	return true;
}

struct sbx_fault_set {
	pthread_mutex_t lock;
	sbx_fault *v;
	size_t n;
};

sbx_fault_set *sbx_fault_set_new(const sbx_fault *faults, size_t n)
{
	sbx_fault_set *set = xcalloc(1, sizeof *set);
	pthread_mutex_init(&set->lock, NULL);
	if (n) {
		set->v = xcalloc(n, sizeof *set->v);
		memcpy(set->v, faults, n * sizeof *faults);
	}
	set->n = n;
	return set;
}

void sbx_fault_set_free(sbx_fault_set *set)
{
	if (!set)
		return;
	pthread_mutex_destroy(&set->lock);
	free(set->v);
	free(set);
}

bool sbx_fault_take(sbx_fault_set *set, const char *endpoint, sbx_fault_kind *kind)
{
	bool hit = false;
	pthread_mutex_lock(&set->lock);
	for (size_t i = 0; i < set->n && !hit; i++) {
		sbx_fault *f = &set->v[i];
		if (f->remaining == 0)
			continue;
		if (strcmp(f->endpoint, "any") != 0 && (!endpoint || strcmp(f->endpoint, endpoint)))
			continue;
		if (f->remaining > 0)
			f->remaining--;
		*kind = f->kind;
		hit = true;
	}
	pthread_mutex_unlock(&set->lock);
	return hit;
}
