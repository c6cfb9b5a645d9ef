/*
 * SHA-256 and HMAC-SHA256 for the sandbox's session-token signatures, catalog
 * ETags and address dedup hashes; a thin wrapper over nettle.
 */
#ifndef GETT_SANDBOX_SHA256_H
#define GETT_SANDBOX_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_LEN 32

void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_LEN]);
void hmac_sha256(const void *key, size_t key_len, const void *data, size_t len,
		 uint8_t out[SHA256_DIGEST_LEN]);
/* Lower-case hex of the digest of data (65 bytes with the NUL). */
void sha256_hex(const void *data, size_t len, char out[2 * SHA256_DIGEST_LEN + 1]);

#endif
