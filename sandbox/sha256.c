/* SHA-256 and HMAC-SHA256 through nettle (Debian's nettle-dev): no hand-rolled crypto. */
#include "sha256.h"

#include <nettle/hmac.h>
#include <nettle/sha2.h>
#include <stdio.h>

void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_LEN])
{
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
}

void hmac_sha256(const void *key, size_t key_len, const void *data, size_t len,
		 uint8_t out[SHA256_DIGEST_LEN])
{
	struct hmac_sha256_ctx ctx;
	hmac_sha256_set_key(&ctx, key_len, key);
	hmac_sha256_update(&ctx, len, data);
	hmac_sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
}

void sha256_hex(const void *data, size_t len, char out[2 * SHA256_DIGEST_LEN + 1])
{
	uint8_t d[SHA256_DIGEST_LEN];
	sha256(data, len, d);
	for (size_t i = 0; i < SHA256_DIGEST_LEN; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}
