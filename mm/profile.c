/*
 * mm/profile.c - the registry of kernel profiles: one line per profile.
 *
 * Adding a profile: write mm/profile_NAME.c defining its struct
 * mm_profile, declare it in mm/profile.h and list it below.  The first
 * entry is the default.
 *
 * Linux counterpart: none.
 */
#include "mm/profile.h"

#include <string.h>

const struct mm_profile *const mm_profiles[] = {
	&mm_profile_linux_6_1,
	&mm_profile_no_grouping,
	&mm_profile_contiguitas,
	NULL,
};

const struct mm_profile *mm_profile_default(void)
{
	return mm_profiles[0];
}

const struct mm_profile *mm_profile_find(const char *name)
{
	for (size_t i = 0; mm_profiles[i]; i++)
		if (strcmp(mm_profiles[i]->name, name) == 0)
			return mm_profiles[i];
	return NULL;
}
