/*
 * sim/explain_migrate.c - the sentences `explain` prints for page migration: migrate_pages() and the steps of one folio's move (Documentation/mm/page_migration.rst).
 *
 * A table of sim/explain.h templates, one per event mm/ emits there;
 * ended by { NULL }.
 *
 * No kernel counterpart: each sentence names the kernel function that
 * takes the decision it tells.
 */
#include "sim/explain.h"

const struct explain_template explain_migrate_templates[] = {
	{ NULL, NULL },
};
