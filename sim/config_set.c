/*
 * sim/config_set.c - "--set KEY.PATH=VALUE": one config key overridden from
 * the command line, and the JSON merge it shares with compare's config-file
 * policies.
 *
 * A --set is turned into the object {"KEY": {"PATH": VALUE}} and merged over
 * the loaded config before it is checked, so it takes exactly the keys and
 * values a config file takes and is refused in the same words.  VALUE is
 * JSON when it parses as JSON (0, false, "x", [..], {..}), else a string
 * (kernel.profile=no-grouping).  Objects merge key by key; anything else,
 * arrays included, is replaced whole.
 *
 * Linux counterpart: none (a command line's sysctl -w, for a whole config).
 */
#include "sim/config.h"

#include <stdio.h>
#include <string.h>

void sim_json_merge(json_t *base, json_t *over)
{
	const char *key;
	json_t *value;

	json_object_foreach(over, key, value) {
		json_t *old = json_object_get(base, key);

		if (json_is_object(old) && json_is_object(value))
			sim_json_merge(old, value);
		else
			json_object_set(base, key, value);
	}
}

/* VALUE as JSON, or as a string when it is no JSON. */
static json_t *set_value(const char *text)
{
	json_t *v = json_loads(text, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);

	return v ? v : json_string(text);
}

/* {"a": {"b": VALUE}} for "a.b=VALUE"; NULL with a message in err. */
static json_t *set_object(const char *arg, char *err, size_t errlen)
{
	const char *eq = strchr(arg, '=');
	char path[SIM_SET_MAX_LEN];
	json_t *obj, *value;
	char *dot, *key;

	if (!eq) {
		snprintf(err, errlen, "--set '%.64s': expected KEY=VALUE "
			 "(e.g. kernel.pcp=false)", arg);
		return NULL;
	}
	if ((size_t)(eq - arg) >= sizeof(path)) {
		snprintf(err, errlen, "--set '%.64s...': the key is too long", arg);
		return NULL;
	}
	memcpy(path, arg, (size_t)(eq - arg));
	path[eq - arg] = '\0';
	value = set_value(eq + 1);
	/* innermost key first: "a.b" -> {"b": v} -> {"a": {"b": v}} */
	for (obj = value; obj; ) {
		dot = strrchr(path, '.');
		key = dot ? dot + 1 : path;
		if (!key[0]) {
			snprintf(err, errlen, "--set '%.64s': an empty key in '%.64s'",
				 arg, arg);
			json_decref(obj);
			return NULL;
		}
		obj = json_pack("{s:o}", key, obj);
		if (!dot)
			break;
		*dot = '\0';
	}
	if (!obj)
		snprintf(err, errlen, "numasim: out of memory");
	return obj;
}

int sim_config_sets_add(struct sim_config_sets *sets, const char *arg, char *err,
			size_t errlen)
{
	json_t *obj;

	if (sets->nr == SIM_MAX_SETS) {
		snprintf(err, errlen, "--set: at most %d of them", SIM_MAX_SETS);
		return -1;
	}
	obj = set_object(arg, err, errlen);
	if (!obj)
		return -1;
	json_decref(obj);
	sets->arg[sets->nr++] = arg;
	return 0;
}

int sim_config_sets_merge(json_t *root, const struct sim_config_sets *sets, char *err,
			  size_t errlen)
{
	for (size_t i = 0; sets && i < sets->nr; i++) {
		json_t *obj = set_object(sets->arg[i], err, errlen);

		if (!obj)
			return -1;
		if (json_is_object(root))
			sim_json_merge(root, obj);
		json_decref(obj);
	}
	return 0;
}
