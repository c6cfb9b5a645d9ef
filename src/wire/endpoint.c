/* The endpoint table (endpoints.def) as data, and paths filled from its templates. */
#include "wire/endpoint.h"

#include <string.h>

#include "base/xalloc.h"

static const endpoint_info table[ENDPOINT_COUNT] = {
#define ENDPOINT(id, name, method, path, auth, retry, reply, empty, mib)                           \
	[ENDPOINT_##id] = {name,                                                                   \
			   method,                                                                 \
			   path,                                                                   \
			   ENDPOINT_AUTH_##auth,                                                   \
			   ENDPOINT_RETRY_##retry,                                                 \
			   empty,                                                                  \
			   (size_t)(mib) << 20},
#include "wire/endpoints.def"
#undef ENDPOINT
};

const endpoint_info *endpoint_get(endpoint_id id)
{
	return (unsigned)id < ENDPOINT_COUNT ? &table[id] : NULL;
}

const char *endpoint_name(endpoint_id id)
{
	const endpoint_info *e = endpoint_get(id);
	return e ? e->name : "?";
}

static bool unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("-._~", c));
}

/* Appends s percent-encoded at o; returns the new end. */
static char *put_escaped(char *o, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (unreserved(*p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	return o;
}

static size_t placeholders(const char *path)
{
	size_t n = 0;
	for (const char *p = strchr(path, '{'); p; p = strchr(p + 1, '{'))
		n++;
	return n;
}

char *endpoint_path(endpoint_id id, const char *const *args, size_t n_args)
{
	const endpoint_info *e = endpoint_get(id);
	if (!e || placeholders(e->path) != n_args)
		return NULL;
	size_t len = strlen(e->path) + 1;
	for (size_t i = 0; i < n_args; i++) {
		if (!args[i] || !*args[i])
			return NULL;
		len += strlen(args[i]) * 3;
	}
	char *out = xmalloc(len), *o = out;
	size_t next = 0;
	for (const char *p = e->path; *p;) {
		if (*p != '{') {
			*o++ = *p++;
			continue;
		}
		o = put_escaped(o, args[next++]);
		p = strchr(p, '}') + 1; /* every template closes its braces (test_endpoint) */
	}
	*o = '\0';
	return out;
}
