/*
 * mm/gfp.c - gfp masks: the zone they allow, and their names as the kernel's
 * tracepoints print them.
 *
 * The name table follows __def_gfpflag_names of Linux 6.1 (x86_64, no
 * hardware-tag KASAN), in its order: composite masks first, so a mask prints
 * as "GFP_KERNEL|__GFP_RECLAIMABLE" rather than as its single bits.
 *
 * Linux counterpart: include/linux/gfp.h (gfp_zone, GFP_ZONE_TABLE),
 * include/trace/events/mmflags.h, trace_print_flags_seq() in
 * kernel/trace/trace_output.c.
 */
#include "mm/gfp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/mmzone.h"

/*
 * Linux: gfp_zone() and GFP_ZONE_TABLE, include/linux/gfp.h, for x86_64
 * (no highmem: __GFP_HIGHMEM alone means Normal).  MOVABLE together with
 * HIGHMEM is what reaches ZONE_MOVABLE; combinations of two zone modifiers
 * other than MOVABLE are invalid.
 */
int gfp_zone(gfp_t gfp)
{
	gfp_t bits = gfp & GFP_ZONEMASK;
	gfp_t zone_bits = bits & (__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32);

	if (zone_bits & (zone_bits - 1))
		return -1;		/* more than one of DMA, HIGHMEM, DMA32 */
	if (bits & __GFP_DMA)
		return ZONE_DMA;
	if (bits & __GFP_DMA32)
		return ZONE_DMA32;
	if ((bits & (__GFP_MOVABLE | __GFP_HIGHMEM)) == (__GFP_MOVABLE | __GFP_HIGHMEM))
		return ZONE_MOVABLE;
	return ZONE_NORMAL;
}

const struct gfp_name gfp_names[] = {
	{ GFP_TRANSHUGE, "GFP_TRANSHUGE" },
	{ GFP_TRANSHUGE_LIGHT, "GFP_TRANSHUGE_LIGHT" },
	{ GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE" },
	{ GFP_HIGHUSER, "GFP_HIGHUSER" },
	{ GFP_USER, "GFP_USER" },
	{ GFP_KERNEL_ACCOUNT, "GFP_KERNEL_ACCOUNT" },
	{ GFP_KERNEL, "GFP_KERNEL" },
	{ GFP_NOFS, "GFP_NOFS" },
	{ GFP_ATOMIC, "GFP_ATOMIC" },
	{ GFP_NOIO, "GFP_NOIO" },
	{ GFP_NOWAIT, "GFP_NOWAIT" },
	{ GFP_DMA, "GFP_DMA" },
	{ __GFP_HIGHMEM, "__GFP_HIGHMEM" },
	{ GFP_DMA32, "GFP_DMA32" },
	{ __GFP_HIGH, "__GFP_HIGH" },
	{ __GFP_ATOMIC, "__GFP_ATOMIC" },
	{ __GFP_IO, "__GFP_IO" },
	{ __GFP_FS, "__GFP_FS" },
	{ __GFP_NOWARN, "__GFP_NOWARN" },
	{ __GFP_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL" },
	{ __GFP_NOFAIL, "__GFP_NOFAIL" },
	{ __GFP_NORETRY, "__GFP_NORETRY" },
	{ __GFP_COMP, "__GFP_COMP" },
	{ __GFP_ZERO, "__GFP_ZERO" },
	{ __GFP_NOMEMALLOC, "__GFP_NOMEMALLOC" },
	{ __GFP_MEMALLOC, "__GFP_MEMALLOC" },
	{ __GFP_HARDWALL, "__GFP_HARDWALL" },
	{ __GFP_THISNODE, "__GFP_THISNODE" },
	{ __GFP_RECLAIMABLE, "__GFP_RECLAIMABLE" },
	{ __GFP_MOVABLE, "__GFP_MOVABLE" },
	{ __GFP_ACCOUNT, "__GFP_ACCOUNT" },
	{ __GFP_WRITE, "__GFP_WRITE" },
	{ __GFP_RECLAIM, "__GFP_RECLAIM" },
	{ __GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM" },
	{ __GFP_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM" },
	{ __GFP_ZEROTAGS, "__GFP_ZEROTAGS" },
};
const size_t nr_gfp_names = sizeof(gfp_names) / sizeof(gfp_names[0]);

static int parse_one(const char *part, size_t len, gfp_t *out)
{
	char buf[64], *end;
	unsigned long v;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	for (size_t i = 0; i < nr_gfp_names; i++)
		if (strlen(gfp_names[i].name) == len && memcmp(gfp_names[i].name, part, len) == 0) {
			*out = gfp_names[i].mask;
			return 0;
		}
	if (len == 4 && memcmp(part, "none", 4) == 0) {
		*out = 0;
		return 0;
	}
	memcpy(buf, part, len);
	buf[len] = '\0';
	if (len < 3 || buf[0] != '0' || (buf[1] != 'x' && buf[1] != 'X'))
		return -1;
	v = strtoul(buf + 2, &end, 16);
	if (*end || v >> __GFP_BITS_SHIFT)
		return -1;
	*out = (gfp_t)v;
	return 0;
}

int gfp_parse(const char *text, size_t len, gfp_t *out, size_t *bad)
{
	gfp_t gfp = 0;
	size_t start = 0;

	for (size_t i = 0; i <= len; i++) {
		gfp_t part;

		if (i < len && text[i] != '|')
			continue;
		if (parse_one(text + start, i - start, &part) != 0) {
			if (bad)
				*bad = start;
			return -1;
		}
		gfp |= part;
		start = i + 1;
	}
	*out = gfp;
	return 0;
}

/* Linux: trace_print_flags_seq(): names whose bits are all set, then hex. */
int gfp_format(char *buf, size_t buflen, gfp_t gfp)
{
	size_t n = 0;
	bool first = true;

	if (!gfp)
		return snprintf(buf, buflen, "none");
	buf[0] = '\0';
	for (size_t i = 0; i < nr_gfp_names && gfp; i++) {
		gfp_t mask = gfp_names[i].mask;

		if ((gfp & mask) != mask)
			continue;
		gfp &= ~mask;
		n += (size_t)snprintf(buf + (n < buflen ? n : buflen), n < buflen ? buflen - n : 0,
				      "%s%s", first ? "" : "|", gfp_names[i].name);
		first = false;
	}
	if (gfp)
		n += (size_t)snprintf(buf + (n < buflen ? n : buflen), n < buflen ? buflen - n : 0,
				      "%s0x%x", first ? "" : "|", gfp);
	return (int)n;
}
