/*
 * Helpers shared by the libFuzzer harnesses (docs/fuzzing.md). Each fuzz_NAME.c defines
 * LLVMFuzzerTestOneInput, calls one real parser on the input and frees everything it got:
 * under AddressSanitizer a leak is a failure like a crash.
 */
#ifndef GETT_FUZZ_H
#define GETT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "base/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a NUL-terminated string (caller frees); an embedded NUL ends it early. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* The input as JSON of any type (what the wire could carry), or NULL when it does not parse. */
static inline json_t *fuzz_json(const uint8_t *data, size_t size)
{
	return json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
}

/* The skeleton of a harness over JSON: `check` gets the input parsed (fuzz_json) and the
 * document is freed after it; an input that is not JSON is skipped, since the parsers under
 * test start where jansson ends. Returns 0, as LLVMFuzzerTestOneInput does. */
static inline int fuzz_json_input(const uint8_t *data, size_t size, void (*check)(json_t *root))
{
	json_t *root = fuzz_json(data, size);
	if (root) {
		check(root);
		json_decref(root);
	}
	return 0;
}

/* Parses `root` as the wire model TYPE; when it parses, writes it back and frees both (the
 * TYPE_from_json / TYPE_to_json / TYPE_free trio of docs/style.md). Needs `root` and a
 * `json_err err` in scope. */
#define FUZZ_PARSE(TYPE)                                                                           \
	do {                                                                                       \
		TYPE *v = TYPE##_from_json(root, &err);                                            \
		if (v) {                                                                           \
			json_decref(TYPE##_to_json(v));                                            \
			TYPE##_free(v);                                                            \
		}                                                                                  \
	} while (0)

static char fuzz_dir_path[64];

static inline int fuzz_remove_one(const char *path, const struct stat *st, int flag,
				  struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static inline void fuzz_remove_dir(void)
{
	nftw(fuzz_dir_path, fuzz_remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

/* Empties the process's directory (files the code under test set aside included). */
static inline void fuzz_clean_dir(void)
{
	fuzz_remove_dir();
	if (mkdir(fuzz_dir_path, 0700) != 0)
		abort();
}

/* A private directory for this process, made once and removed at exit. */
static inline const char *fuzz_dir(void)
{
	if (!fuzz_dir_path[0]) {
		const char *tmp = getenv("TMPDIR");
		snprintf(fuzz_dir_path, sizeof fuzz_dir_path, "%s/gett-fuzz-XXXXXX",
			 tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
		if (!mkdtemp(fuzz_dir_path))
			abort();
		atexit(fuzz_remove_dir);
	}
	return fuzz_dir_path;
}

/* Writes the input to `path` (0600), whole; aborts on an I/O error (not a finding). */
static inline void fuzz_write(const char *path, const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || fchmod(fd, 0600) != 0 || (size && write(fd, data, size) != (ssize_t)size) ||
	    close(fd) != 0)
		abort();
}

#endif
