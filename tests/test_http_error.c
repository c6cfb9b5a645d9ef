/* A failed transfer in words: the sentence for each failure people meet names the host,
   keeps curl's detail where it says more, falls back to curl's words, and never shows the
   URL's credentials. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <errno.h>
#include <string.h>

#include "net/http_error.h"

static void expect_words(const http_failure *f, const char *want)
{
	char out[512];
	http_error_text(f, out, sizeof out);
	if (strcmp(out, want) != 0)
		fail_msg("code %d: got \"%s\", want \"%s\"", f->code, out, want);
	/* The user info of every URL below is alice:hunter2. */
	if (strstr(out, "hunter2") || strstr(out, "alice"))
		fail_msg("code %d: credentials shown: %s", f->code, out);
}

static void test_the_failures_people_meet(void **state)
{
	(void)state;
	const char *url = "https://alice:hunter2@menus.example:8443/c.json";
	http_failure refused = {.code = CURLE_COULDNT_CONNECT,
				.url = "http://alice:hunter2@127.0.0.1:9/c.json",
				.detail = "Failed to connect to 127.0.0.1 port 9 after 0 ms: "
					  "Couldn't connect to server",
				.os_errno = ECONNREFUSED};
	expect_words(
	    &refused,
	    "cannot connect to 127.0.0.1:9: nothing is listening there (connection refused)");
	http_failure unreachable = {
	    .code = CURLE_COULDNT_CONNECT, .url = url, .os_errno = EHOSTUNREACH};
	expect_words(&unreachable, "cannot connect to menus.example:8443: no network route leads "
				   "there (host unreachable)");
	http_failure dns = {.code = CURLE_COULDNT_RESOLVE_HOST,
			    .url = "https://alice:hunter2@example.invalid/c.json",
			    .detail = "Could not resolve host: example.invalid"};
	expect_words(&dns, "cannot find the host example.invalid (DNS lookup failed)");
	http_failure tls = {.code = CURLE_PEER_FAILED_VERIFICATION,
			    .url = "https://alice:hunter2@example.com/c.json",
			    .detail = "SSL certificate problem: self-signed certificate"};
	expect_words(&tls, "the server's TLS certificate could not be verified for example.com: "
			   "SSL certificate problem: self-signed certificate");
	http_failure slow = {.code = CURLE_OPERATION_TIMEDOUT,
			     .url = "https://alice:hunter2@example.com/c.json",
			     .limit_ms = 30000};
	expect_words(&slow, "no answer from example.com within 30 s");
	http_failure silent = {.code = CURLE_OPERATION_TIMEDOUT,
			       .url = "http://alice:hunter2@127.0.0.1:8787/v1",
			       .connecting = true,
			       .limit_ms = 10000};
	expect_words(&silent, "cannot connect to 127.0.0.1:8787: no answer within 10 s "
			      "(connection timed out)");
	http_failure quick = {
	    .code = CURLE_OPERATION_TIMEDOUT, .url = "http://127.0.0.1:8787/v1", .limit_ms = 250};
	expect_words(&quick, "no answer from 127.0.0.1:8787 within 250 ms");
	http_failure nothing = {.code = CURLE_GOT_NOTHING, .url = url};
	expect_words(&nothing, "menus.example:8443 closed the connection without answering");
}

/* A code not in the table keeps curl's own words (its error buffer, else its text for the
   code) after the host; a URL quoted in them loses its credentials. */
static void test_other_codes_keep_curls_words(void **state)
{
	(void)state;
	http_failure odd = {.code = CURLE_UNSUPPORTED_PROTOCOL,
			    .url = "https://alice:hunter2@example.com/",
			    .detail = "Protocol \"gopher\" not supported\n"};
	expect_words(&odd, "the request to example.com failed: Protocol \"gopher\" not supported");
	http_failure bare = {.code = CURLE_OUT_OF_MEMORY, .url = "https://example.com/"};
	char want[256];
	snprintf(want, sizeof want, "the request to example.com failed: %s",
		 curl_easy_strerror(CURLE_OUT_OF_MEMORY));
	expect_words(&bare, want);
	http_failure quoted = {.code = CURLE_RECV_ERROR + 1000, /* no such code */
			       .url = "https://alice:hunter2@example.com/",
			       .detail = "proxy http://alice:hunter2@proxy.example:3128 said no"};
	expect_words(&quoted, "the request to example.com failed: proxy "
			      "http://[REDACTED]@proxy.example:3128 said no");
	/* What a server sent, quoted by curl, cannot drive the terminal. */
	http_failure escape = {.code = CURLE_SSL_CONNECT_ERROR,
			       .url = "https://example.com/",
			       .detail = "alert from \x1b[2Jthe peer\r\n"};
	expect_words(&escape, "the secure (TLS) connection to example.com could not be set up: "
			      "alert from  [2Jthe peer");
	/* An unknown errno on a refused connection: curl's detail says what the system said. */
	http_failure other = {.code = CURLE_COULDNT_CONNECT,
			      .url = "https://example.com/",
			      .detail =
				  "Failed to connect to example.com port 443: Permission denied",
			      .os_errno = EACCES};
	expect_words(&other, "cannot connect to example.com: Failed to connect to example.com "
			     "port 443: Permission denied");
}

/* Cut to fit, always terminated; without a URL the host is "the server". */
static void test_small_buffer_and_no_url(void **state)
{
	(void)state;
	http_failure tls = {.code = CURLE_PEER_FAILED_VERIFICATION,
			    .url = "https://example.com/",
			    .detail = "SSL certificate problem: certificate has expired"};
	char out[24];
	http_error_text(&tls, out, sizeof out);
	assert_string_equal(out, "the server's TLS certif");
	http_failure no_url = {.code = CURLE_GOT_NOTHING};
	char full[128];
	http_error_text(&no_url, full, sizeof full);
	assert_string_equal(full, "the server closed the connection without answering");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_the_failures_people_meet),
	    cmocka_unit_test(test_other_codes_keep_curls_words),
	    cmocka_unit_test(test_small_buffer_and_no_url),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
