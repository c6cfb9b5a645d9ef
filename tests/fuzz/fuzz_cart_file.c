/* The saved cart (persist/cart_file.h): the input is the cart file on disk. */
#include "fuzz.h"

#include "persist/cart_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512], problem[1024];
	/* The seeds are saved for this server and user. */
	cart_file *store = cart_file_open(fuzz_dir(), "http://127.0.0.1:8080", "", err, sizeof err);
	if (!store)
		abort();
	fuzz_write(cart_file_path(store), data, size);
	json_t *checkout;
	cart *c = cart_file_load(store, &checkout, problem, sizeof problem);
	if (c) {
		/* What was read is saved and read back. */
		if (!cart_file_save(store, c, checkout, err, sizeof err))
			abort();
		json_t *checkout2;
		cart *again = cart_file_load(store, &checkout2, problem, sizeof problem);
		if (!again)
			abort();
		cart_free(again);
		json_decref(checkout2);
		cart_free(c);
		json_decref(checkout);
	}
	cart_file_close(store);
	fuzz_clean_dir();
	return 0;
}
