/*
 * mm/profile.c - the registry of kernel profiles: one line per profile.
 *
 * Adding a profile: write mm/profile_NAME.c defining its struct
 * mm_profile (not static) and add one X(its name) line below; the
 * Makefile builds every C file of mm/.  The first entry is the default; the
 * order is the order of help texts and error messages.
 *
 * Linux counterpart: none.
 */
#include "mm/profile.h"

#include <string.h>

#define MM_PROFILES(X)		\
	X(mm_profile_linux_6_1)		\
	X(mm_profile_linux_6_12)	\
	X(mm_profile_no_grouping)	\
	X(mm_profile_contiguitas)

#define DECLARE_PROFILE(var)	extern const struct mm_profile var;
#define LIST_PROFILE(var)	&var,

MM_PROFILES(DECLARE_PROFILE)

const struct mm_profile *const mm_profiles[] = {
	MM_PROFILES(LIST_PROFILE)
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
