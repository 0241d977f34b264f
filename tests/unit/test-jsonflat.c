/*
 * test-jsonflat.c - lib/jsonflat.c, the quick road for a flat JSON
 * Lines record, against jansson.
 *
 * First what it must take (the records the tools read every day, and
 * their edges) and what it must leave to jansson; then a differential
 * fuzz: every seed of tests/fuzz/corpus/flat and a million
 * mutations of them (bytes flipped, dropped, doubled, and JSON's own
 * punctuation, escapes and bad UTF-8 put in), each held to flat.h's
 * property: what it accepts, jansson reads as the same object, keys in
 * the same order.  The mutations come from a fixed seed: a failure
 * names the input, and the same run finds it again.
 *
 *	PK_FLAT_MUTATIONS=N	mutations (default 1000000)
 */
#include <dirent.h>
#include <errno.h>

#include "tap.h"
#include "../fuzz/flat.h"

#define CORPUS "tests/fuzz/corpus/flat"

/* text must be taken, as the same object as jansson's. */
static void
taken(const char *text, const char *what)
{
	const char *why;
	int rc = flat_check(text, strlen(text), &why);

	if (!ok(rc == 1, what))
		printf("#   %s: %s\n", text, rc == 0 ? "declined" : why);
}

/* text must be left to jansson. */
static void
declined(const char *text, const char *what)
{
	json_t *v = pk_json_flat(text, strlen(text));

	if (!ok(v == NULL, what))
		printf("#   %s\n", text);
	json_decref(v);
}

static void
test_taken(void)
{
	static const char rec[] = "{\"n\":5,\"s\":\"5\",\"l\":[\"x\"]}";
	json_t *v;

	taken("{\"alias\":\"Raven 1\",\"role\":\"participant\",\"region\":"
	    "\"Vancouver Coastal\",\"site\":\"Sunshine Coast\","
	    "\"payment_method\":\"cash\"}", "a peer");
	taken("{\"peer\":\"Cedar 6\",\"date\":\"2024-01-01\",\"hours\":\"2.00\","
	    "\"activity\":\"consultation\",\"level\":\"consult\","
	    "\"supports\":[\"transit\",\"meal\"]}", "an engagement, supports");
	taken("{\"peer_id\":2,\"date\":\"2024-01-02\",\"amount\":\"15.00\","
	    "\"engagements\":[3,4],\"kind\":\"reimbursement\"}",
	    "a payment by peer_id, engagements by id");
	taken("{}", "an empty object");
	taken("  {\t\"a\" : true ,\"b\":false, \"c\" : null }\r ",
	    "white space anywhere JSON allows it");
	taken("{\"a\":[],\"b\":[ 1 , \"x\" ,true,false,null ]}",
	    "arrays, empty and mixed");
	taken("{\"a\":0,\"b\":-0,\"c\":-7,\"d\":123456789012345678,"
	    "\"e\":-123456789012345678}", "integers to 18 digits, signed");
	taken("{\"\":\"\"}", "an empty key and an empty string");
	taken("{\"alias\":\"Zo\xc3\xab \xe2\x80\x99 \xf0\x9f\x98\x80\"}",
	    "UTF-8 of two, three and four bytes");
	taken("{\"a\":\"\x7f\"}", "DEL is not a control character to JSON");

	v = pk_json_flat(rec, strlen(rec));
	ok(v && json_is_integer(json_object_get(v, "n")) &&
	    json_integer_value(json_object_get(v, "n")) == 5, "5 an integer");
	ok(v && json_is_string(json_object_get(v, "s")), "\"5\" a string");
	ok(v && json_array_size(json_object_get(v, "l")) == 1, "a list of one");
	json_decref(v);
	v = pk_json_flat("{\"a\":1}garbage", 7);
	ok(v && json_object_size(v) == 1, "only the len bytes are read");
	json_decref(v);
}

static void
test_declined(void)
{
	/* jansson's own errors, in its words. */
	declined("", "nothing");
	declined("{", "an object not closed");
	declined("{\"a\":1", "a value and then nothing");
	declined("{\"a\":1,}", "a trailing comma");
	declined("{\"a\":[1,]}", "a trailing comma in an array");
	declined("{\"a\" 1}", "no colon");
	declined("{a:1}", "a key without quotes");
	declined("{\"a\":1}x", "text after the object");
	declined("{\"a\":1}{\"b\":2}", "two objects");
	declined("{\"a\":truex}", "a word run on");
	declined("{\"a\":nul}", "a word cut short");
	declined("{\"a\":-}", "a bare minus");
	declined("{\"a\":01}", "a leading zero");
	declined("{\"a\":1x}", "a number run on");
	declined("{\"a\":\"x\",\"a\":\"y\"}", "a key given twice");
	declined("{\"a\":\"tab\there\"}", "a control character in a string");
	declined("{\"a\":\"caf\xc3\"}", "UTF-8 cut short");
	declined("{\"a\":\"\xc0\xaf\"}", "an overlong form");
	declined("{\"a\":\"\xed\xa0\x80\"}", "a surrogate");
	declined("{\"a\":\"\xf4\x90\x80\x80\"}", "past U+10FFFF");
	declined("{\"a\":\"\xff\"}", "a byte UTF-8 never has");
	declined("{\"a\xc3\":1}", "a key that is not UTF-8");
	declined("{\"a\":1}\xc2\xa0", "no-break space is not JSON's space");
	/* Right, but jansson's to read. */
	declined("{\"a\":\"q\\\"uote\"}", "an escape");
	declined("{\"a\":\"\\u00e9\"}", "a \\u escape");
	declined("{\"a\":1.5}", "a fraction");
	declined("{\"a\":1e3}", "an exponent");
	declined("{\"a\":1234567890123456789}", "19 digits");
	declined("{\"a\":{\"b\":1}}", "a nested object");
	declined("{\"a\":[[1]]}", "an array in an array");
	declined("[{\"a\":1}]", "an array");
	declined("\"a\"", "a string");
	declined("\xef\xbb\xbf{\"a\":1}", "a byte order mark");
}

/* The seeds: every file of CORPUS, whole. */
struct seeds {
	char **v;
	size_t *len, n;
};

static void
load_seeds(struct seeds *s)
{
	DIR *d = opendir(CORPUS);
	struct dirent *e;
	char path[512];
	FILE *fp;

	if (!ok(d != NULL, "the corpus opens (make check runs from the top)")) {
		printf("#   %s: %s\n", CORPUS, strerror(errno));
		return;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, CORPUS "/%s", e->d_name);
		if (!(fp = fopen(path, "rb")))
			continue;
		s->v = realloc(s->v, (s->n + 1) * sizeof *s->v);
		s->len = realloc(s->len, (s->n + 1) * sizeof *s->len);
		if (!s->v || !s->len)
			abort();
		s->v[s->n] = malloc(4096);
		if (!s->v[s->n])
			abort();
		s->len[s->n] = fread(s->v[s->n], 1, 4096, fp);
		s->n++;
		fclose(fp);
	}
	closedir(d);
}

static uint32_t
next(void)
{
	return (uint32_t)(tap_rand() >> 11);
}

/* What a mutation may put in: JSON's punctuation, the starts of its
 * words and numbers, escapes, and UTF-8 good and bad. */
static const char *const bits[] = {
	"\"", "\\", "{", "}", "[", "]", ",", ":", " ", "\t", "\r", "\n",
	"0", "1", "9", "-", ".", "e", "E", "+", "t", "true", "false", "null",
	"\\u0000", "\\n", "\x01", "\x7f", "\xc3\xab", "\xc3", "\xed\xa0\x80",
	"\xf0\x9f\x98\x80", "\xf4\x90\x80\x80", "\xc0\xaf", "\xff", "\"a\":1",
	"\"a\"", "[1]", "{}", "12345678901234567890", "-0", "01",
};

/* A mutation of seed into buf (of size 8192): its length. */
static size_t
mutate(const char *seed, size_t len, char *buf)
{
	size_t n = len, at, k, i, rounds = 1 + next() % 3;
	const char *b;

	memcpy(buf, seed, len);
	for (i = 0; i < rounds; i++) {
		at = n ? next() % (n + 1) : 0;
		switch (next() % 5) {
		case 0:		/* a byte changed */
			if (at < n)
				buf[at] = (char)(next() & 0xff);
			break;
		case 1:		/* bytes dropped */
			k = 1 + next() % 4;
			if (at + k <= n) {
				memmove(buf + at, buf + at + k, n - at - k);
				n -= k;
			}
			break;
		case 2:		/* a piece doubled */
			k = 1 + next() % 8;
			if (at + k <= n && n + k < 8192) {
				memmove(buf + at + k, buf + at, n - at);
				n += k;
			}
			break;
		default:	/* JSON put in */
			b = bits[next() % (sizeof bits / sizeof *bits)];
			k = strlen(b);
			if (n + k < 8192) {
				memmove(buf + at + k, buf + at, n - at);
				memcpy(buf + at, b, k);
				n += k;
			}
			break;
		}
	}
	return n;
}

static void
test_differential(void)
{
	struct seeds s = {0};
	const char *env = getenv("PK_FLAT_MUTATIONS"), *why = NULL;
	long count = env ? strtol(env, NULL, 10) : 1000000, i;
	size_t j, len, nseed_ok = 0;
	long n_ok = 0, n_no = 0, broke = 0;
	static char buf[8192];
	int rc;

	load_seeds(&s);
	ok(s.n >= 200, "the corpus has its seeds");
	for (j = 0; j < s.n; j++) {
		rc = flat_check(s.v[j], s.len[j], &why);
		if (rc < 0) {
			broke++;
			printf("#   seed %.*s: %s\n", (int)s.len[j], s.v[j], why);
		}
		nseed_ok += rc == 1;
	}
	ok(broke == 0, "every seed: jsonflat.c agrees with jansson");
	ok(nseed_ok > 0, "some seeds are taken");
	for (i = 0; i < count && s.n > 0 && broke < 5; i++) {
		j = next() % s.n;
		len = mutate(s.v[j], s.len[j], buf);
		rc = flat_check(buf, len, &why);
		if (rc < 0) {
			broke++;
			printf("#   mutation %ld: %.*s: %s\n", i, (int)len, buf,
			    why);
		}
		n_ok += rc == 1;
		n_no += rc == 0;
	}
	ok(broke == 0, "every mutation: jsonflat.c agrees with jansson");
	/* Both roads were driven: a fuzz that only ever declined would
	 * prove nothing. */
	ok(n_ok > count / 50, "mutations taken by the quick road");
	ok(n_no > count / 50, "mutations left to jansson");
	printf("# %ld mutations: %ld taken, %ld left to jansson\n", count,
	    n_ok, n_no);
	for (j = 0; j < s.n; j++)
		free(s.v[j]);
	free(s.v);
	free(s.len);
}

int
main(void)
{
	tap_fixed_clock();
	test_taken();
	test_declined();
	test_differential();
	return done_testing();
}
