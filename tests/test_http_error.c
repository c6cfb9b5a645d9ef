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

#define CREDS "alice:hunter2@" /* in every URL below; never in the words */

typedef struct words_case {
	http_failure failure;
	const char *want;
} words_case;

static void expect_words(const words_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char out[512];
		http_error_text(&cases[i].failure, out, sizeof out);
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, out, cases[i].want);
		if (strstr(out, "hunter2") || strstr(out, "alice"))
			fail_msg("case %zu: credentials shown: %s", i, out);
	}
}

static void test_the_failures_people_meet(void **state)
{
	(void)state;
	static const words_case cases[] = {
	    {{.code = CURLE_COULDNT_CONNECT,
	      .url = "http://" CREDS "127.0.0.1:9/c.json",
	      .detail = "Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to "
			"server",
	      .os_errno = ECONNREFUSED},
	     "cannot connect to 127.0.0.1:9: nothing is listening there (connection refused)"},
	    {{.code = CURLE_COULDNT_CONNECT,
	      .url = "https://" CREDS "menus.example:8443/c.json",
	      .os_errno = EHOSTUNREACH},
	     "cannot connect to menus.example:8443: no network route leads there (host "
	     "unreachable)"},
	    {{.code = CURLE_COULDNT_RESOLVE_HOST,
	      .url = "https://" CREDS "example.invalid/c.json",
	      .detail = "Could not resolve host: example.invalid"},
	     "cannot find the host example.invalid (DNS lookup failed)"},
	    {{.code = CURLE_PEER_FAILED_VERIFICATION,
	      .url = "https://" CREDS "example.com/c.json",
	      .detail = "SSL certificate problem: self-signed certificate"},
	     "the server's TLS certificate could not be verified for example.com: SSL certificate "
	     "problem: self-signed certificate"},
	    {{.code = CURLE_OPERATION_TIMEDOUT,
	      .url = "https://" CREDS "example.com/c.json",
	      .limit_ms = 30000},
	     "no answer from example.com within 30 s"},
	    {{.code = CURLE_OPERATION_TIMEDOUT,
	      .url = "http://" CREDS "127.0.0.1:8787/v1",
	      .connecting = true,
	      .limit_ms = 10000},
	     "cannot connect to 127.0.0.1:8787: no answer within 10 s (connection timed out)"},
	    {{.code = CURLE_OPERATION_TIMEDOUT,
	      .url = "http://" CREDS "127.0.0.1:8787/v1",
	      .limit_ms = 250},
	     "no answer from 127.0.0.1:8787 within 250 ms"},
	    {{.code = CURLE_GOT_NOTHING, .url = "https://" CREDS "menus.example:8443/c.json"},
	     "menus.example:8443 closed the connection without answering"},
	};
	expect_words(cases, sizeof cases / sizeof cases[0]);
}

/* A code not in the table keeps curl's own words (its error buffer, else its text for the
   code) after the host; a URL quoted in them loses its credentials, a control byte is a
   space (what a server sent cannot drive the terminal); a refusal the system gave no known
   reason for keeps curl's detail. */
static void test_other_codes_keep_curls_words(void **state)
{
	(void)state;
	char bare[256];
	snprintf(bare, sizeof bare, "the request to example.com failed: %s",
		 curl_easy_strerror(CURLE_OUT_OF_MEMORY));
	const words_case cases[] = {
	    {{.code = CURLE_UNSUPPORTED_PROTOCOL,
	      .url = "https://" CREDS "example.com/",
	      .detail = "Protocol \"gopher\" not supported\n"},
	     "the request to example.com failed: Protocol \"gopher\" not supported"},
	    {{.code = CURLE_OUT_OF_MEMORY, .url = "https://example.com/"}, bare},
	    {{.code = CURLE_RECV_ERROR + 1000 /* no such code */,
	      .url = "https://" CREDS "example.com/",
	      .detail = "proxy http://" CREDS "proxy.example:3128 said no"},
	     "the request to example.com failed: proxy http://[REDACTED]@proxy.example:3128 said "
	     "no"},
	    {{.code = CURLE_SSL_CONNECT_ERROR,
	      .url = "https://example.com/",
	      .detail = "alert from \x1b[2Jthe peer\r\n"},
	     "the secure (TLS) connection to example.com could not be set up: alert from  [2Jthe "
	     "peer"},
	    /* A certificate's name is the server's to choose: a C1 CSI and a right-to-left
	       override in it are blanked too (each one space). */
	    {{.code = CURLE_PEER_FAILED_VERIFICATION,
	      .url = "https://example.com/",
	      .detail = "no alternative name matches 'evil\xe2\x80\xaegpj.exe' \xc2\x9b"
			"31m"},
	     "the server's TLS certificate could not be verified for example.com: no alternative "
	     "name matches 'evil gpj.exe'  31m"},
	    {{.code = CURLE_COULDNT_CONNECT,
	      .url = "https://example.com/",
	      .detail = "Failed to connect to example.com port 443: Permission denied",
	      .os_errno = EACCES},
	     "cannot connect to example.com: Failed to connect to example.com port 443: Permission "
	     "denied"},
	};
	expect_words(cases, sizeof cases / sizeof cases[0]);
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
