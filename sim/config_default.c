/*
 * sim/config_default.c - the embedded default machine description.
 *
 * numasim runs without any file: with no -c option it loads this text, the
 * same bytes as configs/default.json (tests/check_config.c compares them, so
 * edit both together).  It spells out every default the schema has, which
 * makes it the same machine as an empty config "{}": 2 nodes x 4 GiB, 2 CPUs
 * each, distance 10 local / 20 remote, a linux-6.1 kernel without
 * ZONE_DMA/ZONE_DMA32.
 *
 * Linux counterpart: none (the firmware tables and command line of a boot).
 */
#include "sim/config.h"

const char sim_default_config_json[] =
	"{\n"
	"  \"machine\": {\n"
	"    \"nodes\": [\n"
	"      {\"mem\": \"4G\", \"cpus\": 2},\n"
	"      {\"mem\": \"4G\", \"cpus\": 2}\n"
	"    ],\n"
	"    \"distance\": [[10, 20],\n"
	"                 [20, 10]]\n"
	"  },\n"
	"  \"kernel\": {\n"
	"    \"profile\": \"linux-6.1\",\n"
	"    \"watermark_scale_factor\": 10,\n"
	"    \"watermark_boost_factor\": 15000,\n"
	"    \"percpu_pagelist_high_fraction\": 0,\n"
	"    \"pcp\": true,\n"
	"    \"mobility_grouping\": true,\n"
	"    \"dma\": false,\n"
	"    \"dma32\": false,\n"
	"    \"pageblock_order\": 9,\n"
	"    \"transparent_hugepage\": \"always\",\n"
	"    \"cma\": false\n"
	"  }\n"
	"}\n";
