/* Helpers shared by config.c and config_resolve.c; not a public interface. */
#ifndef GETT_CONFIG_INT_H
#define GETT_CONFIG_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

/* Opens a file that holds secrets (the config, the api-key-file) without ever waiting on a FIFO:
   a regular file that neither group nor others can read. Returns a descriptor (caller closes),
   or -1 with the message in err (the refusal says the chmod that fixes it) and errno kept
   (ENOENT when the file does not exist). */
int config_open_secret(const char *path, char *err, size_t err_len);
/* https://, or http:// to a loopback host (http_url_allowed). */
bool config_url_acceptable(const char *url);

#endif
