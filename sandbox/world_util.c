/* Small world helpers: ids, distances, user lookups and session levels. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <uuid/uuid.h>

#include "world.h"

void sbx_new_guid(char out[37])
{
	uuid_t u;
	uuid_generate_random(u);
	uuid_unparse_lower(u, out);
}

char *sbx_new_id(void)
{
	char id[37];
	sbx_new_guid(id);
	return xstrdup(id);
}

double sbx_haversine_miles(double lat1, double lon1, double lat2, double lon2)
{
	const double earth_radius_miles = 3958.7613;
	const double rad = M_PI / 180.0;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double a = sin(dlat / 2) * sin(dlat / 2) +
		   cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
	return 2 * earth_radius_miles * asin(fmin(1.0, sqrt(a)));
}

/* The record of the n at v (pointers) whose `field` is `id`, in any case (a GUID), or NULL. */
#define FIND_BY_ID(v, n, field, id)                                                                \
	({                                                                                         \
		__typeof__((v)[0]) found_ = NULL;                                                  \
		for (size_t i_ = 0; !found_ && i_ < (n); i_++)                                     \
			if (strcasecmp((v)[i_]->field, id) == 0)                                   \
				found_ = (v)[i_];                                                  \
		found_;                                                                            \
	})

sbx_address *sbx_user_find_address(const sbx_user *user, const char *address_id)
{
	if (!user || !address_id)
		return NULL;
	return FIND_BY_ID(user->addresses, user->n_addresses, address_id, address_id);
}

sbx_payment *sbx_user_find_payment(const sbx_user *user, const char *payment_id)
{
	if (!user || !payment_id)
		return NULL;
	return FIND_BY_ID(user->payments, user->n_payments, payment_id, payment_id);
}

session_me_user sbx_user_me(const sbx_user *u)
{
	return (session_me_user){.user_id = u->user_id,
				 .email = u->email,
				 .first_name = u->first_name,
				 .last_name = u->last_name,
				 .phone = u->phone,
				 .last_payment_id = u->last_payment_id,
				 .last_user_address_id = u->last_user_address_id};
}

int sbx_user_level(const sbx_user *user, str_list *missing)
{
	if (!user) {
		if (missing) {
			str_list_push(missing, "address");
			str_list_push(missing, "phone");
			str_list_push(missing, "payment");
		}
		return 0;
	}
	bool address = user->n_addresses > 0;
	bool phone = user->phone && *user->phone;
	bool payment = user->n_payments > 0;
	if (missing) {
		if (!address)
			str_list_push(missing, "address");
		if (!phone)
			str_list_push(missing, "phone");
		if (!payment)
			str_list_push(missing, "payment");
	}
	if (!address || !phone)
		return 1;
	return payment ? 3 : 2;
}
