/* Values read from simdjson's document or from a jv (see jval.h). */
#include <string.h>

#include "jval.h"

struct jval jval_of_jv(jv v)
{
	struct jval r = {jv_get_kind(v), 0, {NULL, 0}, v};

	return r;
}

struct jval jval_of_simd(struct jsimd_el e)
{
	struct jval r = {jsimd_kind(e), 1, e, jv_invalid()};

	return r;
}

static const struct jval absent;

/* m, a member its container keeps alive: the reference given back is freed. */
static struct jval borrow(jv m)
{
	struct jval r = jv_is_valid(m) ? jval_of_jv(m) : absent;

	jv_free(m);
	return r;
}

struct jval jval_get(const struct jval *o, const char *key, size_t n)
{
	if (o->kind != JV_KIND_OBJECT)
		return absent;
	if (o->simd) {
		struct jsimd_el e;
		return jsimd_get(o->e, key, n, &e) ? jval_of_simd(e) : absent;
	}
	return borrow(jv_object_get(jv_copy(o->v), jv_string_sized(key, (int)n)));
}

void jval_members(const struct jval *o, const char *const *keys, int n, struct jval *out)
{
	struct jsimd_el e[JVAL_MEMBERS_MAX];
	int found[JVAL_MEMBERS_MAX];

	if (o->simd && o->kind == JV_KIND_OBJECT && n <= JVAL_MEMBERS_MAX) {
		jsimd_members(o->e, keys, n, e, found);
		for (int i = 0; i < n; i++)
			out[i] = found[i] ? jval_of_simd(e[i]) : absent;
		return;
	}
	for (int i = 0; i < n; i++)
		out[i] = jval_get(o, keys[i], strlen(keys[i]));
}

struct jval jval_path(const struct jval *o, const char *path)
{
	struct jval v = *o;

	for (const char *p = path;;) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		v = jval_get(&v, p, n);
		if (!dot || v.kind == JV_KIND_INVALID)
			return v;
		p = dot + 1;
	}
}

const char *jval_str(const struct jval *v, size_t *n)
{
	if (v->kind != JV_KIND_STRING)
		return NULL;
	if (v->simd)
		return jsimd_str(v->e, n);
	*n = (size_t)jv_string_length_bytes(jv_copy(v->v));
	return jv_string_value(v->v);
}

double jval_num(const struct jval *v)
{
	if (v->kind != JV_KIND_NUMBER)
		return 0;
	return v->simd ? jsimd_num(v->e) : jv_number_value(v->v);
}

size_t jval_len(const struct jval *a)
{
	if (a->kind != JV_KIND_ARRAY)
		return 0;
	return a->simd ? jsimd_len(a->e) : (size_t)jv_array_length(jv_copy(a->v));
}

struct jval jval_at(const struct jval *a, size_t i)
{
	if (a->kind != JV_KIND_ARRAY)
		return absent;
	if (a->simd) {
		struct jsimd_el e;
		return jsimd_at(a->e, i, &e) ? jval_of_simd(e) : absent;
	}
	return borrow(jv_array_get(jv_copy(a->v), (int)i));
}

jv jval_jv(const struct jval *v)
{
	if (v->kind == JV_KIND_INVALID)
		return jv_invalid();
	return v->simd ? jsimd_jv(v->e) : jv_copy(v->v);
}
