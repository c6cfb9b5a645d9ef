/* The place-order journal (persist/journal.h): the input is one entry file on disk. */
#include "fuzz.h"

#include "persist/journal.h"

#define KEY "0f8fad5b-d9cb-469f-a165-70867728950e"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_dir();
	char path[256], err[512];
	snprintf(path, sizeof path, "%s/%s.json", dir, KEY);
	fuzz_write(path, data, size);
	journal *j = journal_open(dir, err, sizeof err); /* prunes: reads the entry */
	if (!j)
		abort();
	journal_entry *entries;
	size_t n;
	if (journal_list(j, NULL, JOURNAL_STATE_PLACED, &entries, &n, NULL, err, sizeof err))
		journal_entries_free(entries, n);
	char key[JOURNAL_KEY_LEN + 1];
	str_list problems = {0};
	journal_key_for_body(j, "http://127.0.0.1:1", "{}", key, NULL, err, sizeof err);
	/* With `problems`, a damaged entry is set aside. */
	if (journal_pending(j, NULL, &entries, &n, &problems, err, sizeof err)) {
		for (size_t i = 0; i < n; i++)
			journal_replay_safe(&entries[i], time(NULL));
		journal_entries_free(entries, n);
	}
	str_list_clear(&problems);
	journal_mark_seen(j, KEY, err, sizeof err);
	journal_finish(j, KEY, JOURNAL_ABANDONED, NULL, err, sizeof err);
	journal_close(j);
	fuzz_clean_dir();
	return 0;
}
