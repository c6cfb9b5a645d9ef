/* The configuration file (persist/config.h): the input is the file, 0600 as required. */
#include "fuzz.h"

#include "persist/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[256], err[1024];
	snprintf(path, sizeof path, "%s/config", fuzz_dir());
	fuzz_write(path, data, size);
	config cfg;
	/* An api-key-file names any file (/dev/zero, a FIFO): resolving is not tried then. */
	if (config_load(path, &cfg, err, sizeof err) && !cfg.api_key_file) {
		config_resolved r;
		if (config_resolve(&cfg, NULL, &r, err, sizeof err))
			config_resolved_clear(&r);
	}
	config_clear(&cfg);
	return 0;
}
