/*
 * sim/explain_migrate.c - the sentences `explain` prints for page migration: migrate_pages() and the steps of one folio's move (Documentation/mm/page_migration.rst).
 *
 * A table of sim/explain.h templates, one per event mm/ emits there;
 * ended by { NULL }.  The order is the documentation's: isolation, the
 * call and its passes, then per folio the target, the locks and
 * writeback, the migration entries, the reference check, the mapping,
 * the copy and the flags, the entries turned back, the unlock, the old
 * folio's end; the syscalls' entry and migration through swap last.
 *
 * No kernel counterpart: each sentence names the kernel function that
 * takes the decision it tells.
 */
#include "sim/explain.h"

const struct explain_template explain_migrate_templates[] = {
	/* Step 1: off the LRU (or the driver's list) first. */
	{ "isolate_lru",
	  "Isolating the folio at pfn {pfn} ({nr_pages} pages) from its LRU list: "
	  "{ok:yesno} (no means it was not on an LRU list, someone else holds it)." },
	{ "isolate_movable",
	  "Isolating the non-LRU movable page at pfn {pfn} through its driver: {ok:yesno} "
	  "(being freed: {freed:yesno}, locked by another: {locked:yesno}, "
	  "already isolated: {isolated:yesno})." },
	{ "migrate_pages_begin",
	  "Migrating {nr_pages} pages in {mode:mode} mode for {reason:reason}: "
	  "up to 10 passes while a folio answers -EAGAIN." },
	{ "migrate_pages_end",
	  "Migration done: {succeeded} pages moved, {failed} failed "
	  "(THPs: {thp_succeeded} moved, {thp_failed} failed, {thp_split} split); "
	  "returns {rc} (the folios not migrated, or a negative errno)." },
	{ "migrate_pass",
	  "Pass {pass} of {max_passes} over the list ({retry} folios asked for a retry "
	  "last time); may sleep on locks and writeback: {force:yesno}." },
	{ "migrate_folio_begin",
	  "Folio at pfn {pfn}: {nr_pages} pages, anonymous {anon:yesno}, "
	  "{refcount} references, mapped {mapcount} times." },
	{ "migrate_folio_end",
	  "Folio at pfn {pfn}: moved {moved:yesno}, result {rc:errno}, "
	  "left on the list for the next pass: {retry:yesno}." },
	{ "migrate_freed_under_us",
	  "The folio at pfn {pfn} has only the isolation's reference left: its owner freed "
	  "it meanwhile, so it is released instead of moved." },
	/* Step 2: a target. */
	{ "migrate_target",
	  "New folio for pfn {pfn} ({nr_pages} pages): pfn {dst_pfn} on node {dst_nid}." },
	{ "migrate_no_target",
	  "No page to move the folio at pfn {pfn} ({nr_pages} pages) to: {rc:errno}." },
	/* Steps 3-4: the locks and writeback. */
	{ "migrate_folio_locked",
	  "The folio at pfn {pfn} is locked by someone else; in {mode:mode} mode, may sleep "
	  "{force:yesno}: waited {waited:yesno}, result {rc:errno}." },
	{ "migrate_folio_writeback",
	  "The folio at pfn {pfn} is under writeback; in {mode:mode} mode (only MIGRATE_SYNC "
	  "waits, and only when forced): waited {waited:yesno}, result {rc:errno}." },
	{ "migrate_dst_locked",
	  "The new folio at pfn {pfn} is locked by someone else: {rc:errno}." },
	/* Step 5: migration entries. */
	{ "migration_entries",
	  "Unmapped the folio at pfn {pfn}: {nr_entries} page table entries now hold "
	  "migration entries (a fault on them waits); still mapped somewhere: "
	  "{still_mapped:yesno}." },
	{ "migrate_still_mapped",
	  "The folio at pfn {pfn} is still mapped {mapcount} times (an exclusive page that may "
	  "be pinned keeps its mapping): its entries are restored, {rc:errno}." },
	/* Steps 6-10: the reference check and the mapping. */
	{ "migrate_refcount",
	  "Reference check of the folio at pfn {pfn}: expected {expected}, found {refcount}; "
	  "result {rc:errno} (someone else holding a reference means retry later)." },
	{ "migrate_mapping",
	  "The new folio at pfn {dst_pfn} takes the place of pfn {pfn} at index {index} "
	  "({nr_pages} pages; cache: {cache}, 0 anonymous, 1 page cache slot, 2 swap cache slot)." },
	{ "migrate_dirty",
	  "The file folio at pfn {pfn} is dirty and its filesystem has no migrate_folio: in "
	  "{mode:mode} mode it is {rc:errno} (-EAGAIN: written out first, moved on retry)." },
	/* Steps 11-13: the copy and the flags. */
	{ "migrate_copy",
	  "Copied {nr_pages} pages from pfn {pfn} (node {src_nid}) to pfn {dst_pfn} "
	  "(node {dst_nid})." },
	{ "migrate_flags",
	  "Flags carried to pfn {dst_pfn}: dirty {dirty:yesno}, active {active:yesno}, "
	  "referenced {referenced:yesno}, unevictable {unevictable:yesno}, "
	  "workingset {workingset:yesno}." },
	/* Steps 14-18: the entries back, the unlock, the old folio. */
	{ "migration_entries_removed",
	  "Turned {nr_entries} migration entries of pfn {pfn} back into page table entries "
	  "of pfn {dst_pfn} (to the new folio: {to_new:yesno})." },
	{ "migrate_unlock",
	  "Unlocked the old folio at pfn {pfn} and the new one at pfn {dst_pfn}; "
	  "move result {rc:errno}." },
	{ "migrate_old_freed",
	  "The old folio at pfn {pfn} ({nr_pages} pages) drops the isolation's reference "
	  "({refcount} left before it: 1 means it is freed); kept for poisoning: {kept:yesno}." },
	{ "migrate_putback",
	  "Putting the folio at pfn {pfn} ({nr_pages} pages) back where it came from "
	  "(LRU list: {lru:yesno})." },
	{ "migrate_split",
	  "Splitting the THP at pfn {pfn} so its pages can move one by one: {rc:errno}." },
	/* The syscalls' entry. */
	{ "migrate_to_node",
	  "migrate_pages(2): the pages of node {source} go to node {dest} "
	  "(through swap: {via_swap:yesno}); any queued: {queued:yesno}." },
	{ "move_pages_queue",
	  "move_pages(2): the page at address {addr} for node {node}: queued {queued:yesno}, "
	  "on that node already {already_there:yesno}, status {rc:errno}." },
	/* Migration through swap, the 2.6.16 way, to compare with the above. */
	{ "migrate_swap_begin",
	  "Migrating {nr_folios} folios through swap (2.6.16's way): each is written out "
	  "and freed, and comes back where its task's policy says when it next faults." },
	{ "migrate_swap_unmap",
	  "Unmapped the folio at pfn {pfn}: {nr_entries} page table entries now hold swap "
	  "entries; still mapped {still_mapped:yesno}; to be written: {dirty:yesno}." },
	{ "migrate_swap_folio",
	  "The folio at pfn {pfn}: swapped out {swapped:yesno} (refused as mlocked "
	  "{mlocked:yesno}, pinned {pinned:yesno}, not swappable {unswappable:yesno}, "
	  "no swap slot {noswap:yesno})." },
	{ "migrate_swap_freed",
	  "The folio at pfn {pfn} leaves the swap cache and is freed, after waiting "
	  "{wait_us} us for its write." },
	{ "migrate_swap_end",
	  "Migration through swap done in {time_us} us; {nr_left} folios stay "
	  "(the rest costs a swap-in fault each, later)." },
	{ NULL, NULL },
};
