// simdjson's DOM parse of one line into libjq's jv (see jsimd.h). The only
// C++ file: everything it hands out is C (jv values, an opaque handle).
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>

#include <simdjson.h>

extern "C" {
#include "jsimd.h"
#include "lines.h"
}

// jsimd_doc's padded lines come from lines.c (and recpool's batches).
static_assert(simdjson::SIMDJSON_PADDING <= LINES_PAD, "lines.c keeps simdjson's padding after a line");

using namespace simdjson;

struct jsimd {
	dom::parser parser;
	char *pad = nullptr;   // the line, copied with SIMDJSON_PADDING bytes after it
	size_t cap = 0;
};

// simdjson's parser refuses what is nested deeper than its max_depth; set to
// libjq's limit, a line read in place (jsimd_doc, no walk of the value) is
// refused exactly where libjq refuses it (test_jsimd's nesting cases).
#define SIMD_DEPTH JSIMD_MAX_DEPTH

extern "C" struct jsimd *jsimd_new(void)
{
	jsimd *js = new (std::nothrow) jsimd();
	if (js && js->parser.allocate(4096, SIMD_DEPTH) != SUCCESS) {
		delete js;
		return nullptr;
	}
	return js;
}

extern "C" void jsimd_free(struct jsimd *js)
{
	if (!js)
		return;
	std::free(js->pad);
	delete js;
}

// Builds v; 0 when the value must be left to libjq (too deep). The calls and
// their order are the ones libjq 1.6's parser makes (jv_parse.c): jv_object
// then jv_object_set per member in document order, jv_array_append,
// jv_string_sized, jv_number of the nearest double.
static int build(dom::element e, int depth, jv *out, bool *zero)
{
	switch (e.type()) {
	case dom::element_type::OBJECT: {
		if (depth >= JSIMD_MAX_DEPTH)
			return 0;
		jv o = jv_object();
		for (dom::key_value_pair kv : dom::object(e)) {
			jv v;
			if (!build(kv.value, depth + 1, &v, zero)) {
				jv_free(o);
				return 0;
			}
			o = jv_object_set(o, jv_string_sized(kv.key.data(), (int)kv.key.size()), v);
		}
		*out = o;
		return 1;
	}
	case dom::element_type::ARRAY: {
		if (depth >= JSIMD_MAX_DEPTH)
			return 0;
		jv a = jv_array();
		for (dom::element x : dom::array(e)) {
			jv v;
			if (!build(x, depth + 1, &v, zero)) {
				jv_free(a);
				return 0;
			}
			a = jv_array_append(a, v);
		}
		*out = a;
		return 1;
	}
	case dom::element_type::STRING: {
		std::string_view s = e.get_string().value_unsafe();
		*out = jv_string_sized(s.data(), (int)s.size());
		return 1;
	}
	// A whole number converts to the nearest double, which is what libjq's
	// strtod makes of its digits: 2^53+1 becomes 2^53 on either path.
	case dom::element_type::INT64: {
		int64_t i = e.get_int64().value_unsafe();
		*zero |= i == 0;
		*out = jv_number((double)i);
		return 1;
	}
	case dom::element_type::UINT64:
		*out = jv_number((double)e.get_uint64().value_unsafe());
		return 1;
	case dom::element_type::DOUBLE:
		*out = jv_number(e.get_double().value_unsafe());
		return 1;
	case dom::element_type::BOOL:
		*out = e.get_bool().value_unsafe() ? jv_true() : jv_false();
		return 1;
	case dom::element_type::NULL_VALUE:
		*out = jv_null();
		return 1;
	}
	return 0;
}

// simdjson reads -0 as the integer 0; libjq as the double -0, which prints
// as -0. Whether a 0 was written -0 is not in the DOM: a line with a 0 and
// anything like a -0 token ("-0" after the start, a blank, ':', '[' or ',',
// before anything but a digit, '.', 'e' or 'E') is left to libjq.
static bool minus_zero(const char *s, size_t n)
{
	for (const char *p = s; (p = (const char *)std::memchr(p, '-', n - (size_t)(p - s))); p++) {
		size_t i = (size_t)(p - s);
		if (i + 1 >= n || s[i + 1] != '0')
			continue;
		size_t b = i;
		while (b && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r' || s[b - 1] == '\n'))
			b--;
		if (b && s[b - 1] != ':' && s[b - 1] != '[' && s[b - 1] != ',')
			continue;
		char c = i + 2 < n ? s[i + 2] : ' ';
		if (!(c >= '0' && c <= '9') && c != '.' && c != 'e' && c != 'E')
			return true;
	}
	return false;
}

// The C side sees a dom::element as two words.
static_assert(sizeof(dom::element) == sizeof(struct jsimd_el), "dom::element is two words");
static_assert(std::is_trivially_copyable<dom::element>::value, "dom::element copies as bytes");

static inline dom::element el(struct jsimd_el e)
{
	dom::element x;
	std::memcpy(static_cast<void *>(&x), &e, sizeof x);
	return x;
}

static inline struct jsimd_el cel(dom::element x)
{
	struct jsimd_el e;
	std::memcpy(&e, static_cast<const void *>(&x), sizeof e);
	return e;
}

static int parse(struct jsimd *js, const char *s, size_t n, int padded, dom::element *root)
{
	if (!js || n > JSIMD_MAX_LINE)
		return 0;
	if (padded)
		return js->parser.parse(s, n, false).get(*root) == SUCCESS;
	if (n + SIMDJSON_PADDING > js->cap) {
		size_t cap = n + SIMDJSON_PADDING;
		char *p = (char *)std::realloc(js->pad, cap);
		if (!p)
			return 0;
		js->pad = p;
		js->cap = cap;
	}
	// simdjson reads up to SIMDJSON_PADDING bytes past the end: a copy
	// with room after it, rather than its own copy made on every call.
	std::memcpy(js->pad, s, n);
	std::memset(js->pad + n, 0, SIMDJSON_PADDING);
	return js->parser.parse(js->pad, n, false).get(*root) == SUCCESS;
}

extern "C" int jsimd_parse(struct jsimd *js, const char *s, size_t n, jv *out)
{
	dom::element root;
	if (!parse(js, s, n, 0, &root))
		return 0;
	bool zero = false;
	if (!build(root, 0, out, &zero))
		return 0;
	if (zero && minus_zero(s, n)) {
		jv_free(*out);
		*out = jv_invalid();
		return 0;
	}
	return 1;
}

extern "C" int jsimd_doc(struct jsimd *js, const char *s, size_t n, int padded, struct jsimd_el *root)
{
	dom::element r;
	// No walk tells whether a 0 is in the value: any -0 token sends the
	// line to libjq (a -0 in a string too, which is rare).
	if (!parse(js, s, n, padded, &r) || minus_zero(s, n))
		return 0;
	*root = cel(r);
	return 1;
}

extern "C" int jsimd_kind(struct jsimd_el e)
{
	switch (el(e).type()) {
	case dom::element_type::OBJECT:
		return JV_KIND_OBJECT;
	case dom::element_type::ARRAY:
		return JV_KIND_ARRAY;
	case dom::element_type::STRING:
		return JV_KIND_STRING;
	case dom::element_type::INT64:
	case dom::element_type::UINT64:
	case dom::element_type::DOUBLE:
		return JV_KIND_NUMBER;
	case dom::element_type::BOOL:
		return el(e).get_bool().value_unsafe() ? JV_KIND_TRUE : JV_KIND_FALSE;
	case dom::element_type::NULL_VALUE:
		return JV_KIND_NULL;
	}
	return JV_KIND_INVALID;
}

extern "C" int jsimd_get(struct jsimd_el o, const char *k, size_t kn, struct jsimd_el *out)
{
	dom::object obj;
	int found = 0;
	if (el(o).get_object().get(obj) != SUCCESS)
		return 0;
	std::string_view key(k, kn);
	// simdjson's at_key stops at the first; libjq keeps the last.
	for (auto it = obj.begin(); it != obj.end(); ++it)
		if (it.key_equals(key)) {
			*out = cel(it.value());
			found = 1;
		}
	return found;
}

extern "C" void jsimd_members(struct jsimd_el o, const char *const *keys, int n, struct jsimd_el *out,
			      int *found)
{
	dom::object obj;
	for (int i = 0; i < n; i++)
		found[i] = 0;
	if (el(o).get_object().get(obj) != SUCCESS)
		return;
	for (auto it = obj.begin(); it != obj.end(); ++it) {
		std::string_view k = it.key();
		for (int i = 0; i < n; i++)
			if (k.size() && k[0] == keys[i][0] && k == keys[i]) {
				out[i] = cel(it.value()); // a later one wins, as in libjq
				found[i] = 1;
				break;
			}
	}
}

extern "C" const char *jsimd_str(struct jsimd_el e, size_t *n)
{
	std::string_view s;
	if (el(e).get_string().get(s) != SUCCESS)
		return nullptr;
	*n = s.size();
	return s.data();
}

extern "C" double jsimd_num(struct jsimd_el e)
{
	dom::element x = el(e);
	switch (x.type()) {
	case dom::element_type::INT64:
		return (double)x.get_int64().value_unsafe();
	case dom::element_type::UINT64:
		return (double)x.get_uint64().value_unsafe();
	case dom::element_type::DOUBLE:
		return x.get_double().value_unsafe();
	default:
		return 0;
	}
}

extern "C" size_t jsimd_len(struct jsimd_el a)
{
	dom::array arr;
	return el(a).get_array().get(arr) == SUCCESS ? arr.size() : 0;
}

extern "C" int jsimd_at(struct jsimd_el a, size_t i, struct jsimd_el *out)
{
	dom::array arr;
	dom::element x;
	if (el(a).get_array().get(arr) != SUCCESS || arr.at(i).get(x) != SUCCESS)
		return 0;
	*out = cel(x);
	return 1;
}

extern "C" jv jsimd_jv(struct jsimd_el e)
{
	jv v;
	bool zero = false;
	// jsimd_doc took the line: neither too deep nor with a -0.
	return build(el(e), 0, &v, &zero) ? v : jv_invalid();
}
