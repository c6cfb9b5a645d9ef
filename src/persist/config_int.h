/* Helpers shared by client_config.c and client_config_resolve.c; not a public interface. */
#ifndef GETT_CLIENT_CONFIG_INT_H
#define GETT_CLIENT_CONFIG_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

/* Neither group nor others may read a file holding secrets. */
bool config_secret_unreadable_by_others(const struct stat *st);
/* The refusal message, with the chmod that fixes it. */
void config_refuse_readable(char *err, size_t err_len, const char *path);
/* https://, or http:// to a loopback host (http_url_allowed). */
bool config_url_acceptable(const char *url);

#endif
