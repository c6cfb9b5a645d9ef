/*
 * --debug-log: every request and response, one block each, with secrets
 * removed twice over: JSON members that hold credentials or card data are
 * replaced by "[REDACTED]", then every known secret string (the key, every
 * session token) is replaced wherever it still occurs. The Authorization
 * header is never written out. Personal data (the members of personal_members) is written
 * "[PERSONAL]" unless the client was asked to keep it (api_settings.debug_log_personal):
 * a log is attached to bug reports, the people in it did not agree to that.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "net/api_int.h"

#define REDACTED       "[REDACTED]"
#define PERSONAL       "[PERSONAL]"
#define LOG_BODY_MAX   4096
#define MIN_SECRET_LEN 4 /* shorter "secrets" would blank out ordinary text */

static const char *const secret_members[] = {"token",	      "sessionToken", "apiKey",
					     "googleIdToken", "cardNumber",   "cvc",
					     "bin",	      "cardToken",    "password"};

/* Who a person is and where they live; store names and coordinates are kept (a discover log
   without them is useless, and they say where the user looked, not who they are). */
static const char *const personal_members[] = {
    "email",	"phone",	"phoneNumber",		"firstName",	"lastName", "address1",
    "address2", "instructions", "deliveryInstructions", "partnerUserId"};

static bool member_in(const char *key, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(key, names[i]) == 0)
			return true;
	return false;
}

/* What a member is written as: REDACTED, PERSONAL, or NULL to keep it (and look inside). */
static const char *member_mask(const char *key, bool keep_personal)
{
	if (member_in(key, secret_members, sizeof secret_members / sizeof *secret_members))
		return REDACTED;
	if (!keep_personal &&
	    member_in(key, personal_members, sizeof personal_members / sizeof *personal_members))
		return PERSONAL;
	return NULL;
}

static void redact_json(json_t *v, bool keep_personal)
{
	if (json_is_object(v)) {
		const char *key;
		json_t *member;
		json_object_foreach (v, key, member) {
			const char *mask = member_mask(key, keep_personal);
			if (mask && !json_is_null(member))
				json_object_set_new(v, key, json_string(mask));
			else
				redact_json(member, keep_personal);
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *item;
		json_array_foreach (v, i, item)
			redact_json(item, keep_personal);
	}
}

/* Replaces every occurrence of `secret` in *text (reallocating). */
static void replace_all(char **text, const char *secret)
{
	size_t slen = strlen(secret);
	if (slen < MIN_SECRET_LEN || !strstr(*text, secret))
		return;
	size_t cap = strlen(*text) + 1, rlen = strlen(REDACTED);
	if (rlen > slen)
		cap += (cap / slen + 1) * (rlen - slen);
	char *out = xmalloc(cap), *o = out;
	const char *p = *text, *hit;
	while ((hit = strstr(p, secret))) {
		memcpy(o, p, (size_t)(hit - p));
		o += hit - p;
		memcpy(o, REDACTED, rlen);
		o += rlen;
		p = hit + slen;
	}
	strcpy(o, p);
	free(*text);
	*text = out;
}

char *api_redact(const api_client *client, const char *text)
{
	if (!text)
		return NULL;
	char *s = xstrdup(text);
	for (size_t i = 0; i < client->secrets.n; i++)
		replace_all(&s, client->secrets.v[i]);
	return s;
}

/* Body text safe to log: JSON members redacted, secrets replaced, long bodies cut. */
static char *loggable_body(const api_client *client, const char *body, size_t len)
{
	if (!body || !len)
		return NULL;
	char *text;
	json_t *root = json_loadb(body, len, 0, NULL);
	if (root) {
		redact_json(root, client->log_personal);
		text = jsonx_dumps(root);
		json_decref(root);
	} else {
		text = xmalloc(len + 1);
		for (size_t i = 0; i < len; i++) /* keep the log one line per body */
			text[i] = body[i] == '\n' || body[i] == '\r' || !body[i] ? ' ' : body[i];
		text[len] = '\0';
	}
	char *safe = api_redact(client, text);
	free(text);
	if (strlen(safe) > LOG_BODY_MAX)
		strcpy(safe + LOG_BODY_MAX - 3, "...");
	return safe;
}

static void stamp(FILE *f, const api_call *call)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	char when[32];
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(f, "%s.%03ldZ #%lu %s ", when, ts.tv_nsec / 1000000, call->id,
		endpoint_name(call->endpoint));
}

void api_log_request(api_client *client, const api_call *call, const char *url)
{
	FILE *f = client->log;
	if (!f)
		return;
	char *no_credentials = http_url_redacted(url);
	char *safe_url = api_redact(client, no_credentials);
	free(no_credentials);
	stamp(f, call);
	fprintf(f, "> %s %s (attempt %d)\n", endpoint_get(call->endpoint)->method, safe_url,
		call->attempts);
	free(safe_url);
	stamp(f, call);
	fprintf(f, "> Authorization: Bearer %s\n", REDACTED);
	if (call->idempotency_key) {
		stamp(f, call);
		fprintf(f, "> Idempotency-Key: %s\n", call->idempotency_key);
	}
	char *body = loggable_body(client, call->body, call->body ? strlen(call->body) : 0);
	if (body) {
		stamp(f, call);
		fprintf(f, "> %s\n", body);
		free(body);
	}
	fflush(f);
}

void api_log_response(api_client *client, const api_call *call, const http_response *resp)
{
	FILE *f = client->log;
	if (!f)
		return;
	stamp(f, call);
	if (resp->status == 0) {
		char *err = api_redact(client, resp->error);
		fprintf(f, "< transport error%s: %s (%ld ms)\n",
			resp->timed_out ? " (timeout)" : "", err, resp->elapsed_ms);
		free(err);
		fflush(f);
		return;
	}
	fprintf(f, "< %ld (%ld ms) content-type=%s request-id=%s", resp->status, resp->elapsed_ms,
		resp->content_type ? resp->content_type : "-",
		resp->request_id ? resp->request_id : "-");
	if (resp->retry_after)
		fprintf(f, " retry-after=%s", resp->retry_after);
	fputc('\n', f);
	char *body = loggable_body(client, resp->body, resp->body_len);
	if (body) {
		stamp(f, call);
		fprintf(f, "< %s\n", body);
		free(body);
	}
	fflush(f);
}

void api_log_note(api_client *client, const api_call *call, const char *fmt, ...)
{
	FILE *f = client->log;
	if (!f)
		return;
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	char *safe = api_redact(client, buf);
	stamp(f, call);
	fprintf(f, "~ %s\n", safe);
	free(safe);
	fflush(f);
}
