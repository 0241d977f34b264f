/*
 * gen - a synthetic province for make bench: peers, engagements and
 * payments as JSON Lines (the tools' batch input), or the same rows as
 * CSV whose columns match the store's tables (for the sqlite3 shell's
 * .import, SQLite's own ceiling).
 *
 * Deterministic: every record is drawn from its own generator, seeded
 * by (seed, kind, index), so the JSON and the CSV of a record agree and
 * any peer's attributes can be recomputed from its index alone.  The
 * output is the same on every machine for the same arguments.
 *
 * The skew is Zipf-Mandelbrot: the peer of rank r is chosen with weight
 * 1 / (r + Q), so a few peers work most days (the busiest about 3 a day
 * at a million engagements over three years) and most come now and
 * then (the median peer about once a month).  Ranks are scattered over
 * peer ids, so the busy ones are not simply the first registered.
 *
 * Plain C17, no peerkit headers: it must not share a bug with what it
 * measures.  The lists below mirror tests/bench/config.yaml.
 */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ZIPF_Q 50.0
#define FIRST_DAY "2024-01-01"	/* three years of history ... */
#define LAST_DAY "2026-11-23"	/* ... up to the bench's fixed today */

enum kind { PEERS, ENGAGEMENTS, PAYMENTS };

struct weighted {
	const char *name;
	int weight;
};

static const char *const names[] = {
	"Raven", "Moss", "Kestrel", "Wren", "Sage", "Cedar", "Heron", "Fern",
	"Otter", "Juniper", "Lynx", "Willow", "Sparrow", "Aspen", "Finch",
	"Birch", "Coyote", "Marten", "Salal", "Orca", "Thistle", "Rowan",
	"Hawk", "Clover", "Alder", "Bear", "Crow", "Dove", "Elk", "Flint",
	"Glacier", "Hazel", "Ivy", "Jay", "Kelp", "Lark", "Maple", "Nettle",
	"Oak", "Pine", "Quill", "Reed", "Spruce", "Tamarack", "Umber",
	"Vole", "Wolf", "Yarrow", "Zephyr", "Basalt", "Cove", "Dune", "Ember",
	"Fjord", "Grouse", "Harbour", "Inlet", "Jasper", "Kinglet", "Loon"
};
#define NNAMES (sizeof names / sizeof names[0])

static const char *const surnames[] = {
	"Smith", "Brown", "Tremblay", "Martin", "Roy", "Wilson", "Gagnon",
	"Johnson", "Lee", "Thompson", "White", "Williams", "Jack", "George",
	"Paul", "Joe", "Charlie", "Wong", "Singh", "Nguyen"
};
static const char *const givens[] = {
	"Alex", "Sam", "Jordan", "Taylor", "Casey", "Morgan", "Jamie", "Robin",
	"Dana", "Terry", "Chris", "Pat", "Lee", "Kim", "Jesse", "Shawn"
};

static const struct weighted roles[] = {
	{"participant", 45}, {"peer-worker", 30}, {"outreach-worker", 12},
	{"systems-navigator", 7}, {"peer-coordinator", 5},
	{"regional-peer-coordinator", 1}, {NULL, 0}
};

/* Region, its sites, and the city and postal prefix of its first site. */
static const struct {
	const char *region, *sites[4], *city, *postal;
	int weight;
} regions[] = {
	{"Vancouver Coastal", {"Downtown Eastside", "Richmond", "North Shore",
	    "Sunshine Coast"}, "Vancouver", "V6A", 35},
	{"Fraser", {"Surrey", "Abbotsford", "Chilliwack", "Maple Ridge"},
	    "Surrey", "V3T", 25},
	{"Island", {"Victoria", "Nanaimo", "Campbell River", "Port Alberni"},
	    "Victoria", "V8W", 18},
	{"Interior", {"Kelowna", "Kamloops", "Nelson", "Cranbrook"},
	    "Kelowna", "V1Y", 14},
	{"Northern", {"Prince George", "Terrace", "Fort St. John",
	    "Prince Rupert"}, "Prince George", "V2L", 8},
};
#define NREGIONS (sizeof regions / sizeof regions[0])

static const struct weighted methods[] = {
	{"cash", 60}, {"etransfer", 25}, {"direct-deposit", 8}, {"cheque", 5},
	{"gift-card", 2}, {NULL, 0}
};
static const struct weighted programs[] = {
	{NULL, 80}, {"bc-disability", 12}, {"bc-income-assistance", 8},
	{NULL, 0}
};

/* Activities and rates as in the default config.yaml (cents). */
static const struct activity {
	const char *name;
	int weight;
	int64_t hourly, flat, minimum;
	int min_minutes, max_minutes;	/* in steps of 15 */
} activities[] = {
	{"meeting", 40, 2500, 0, 2500, 60, 120},
	{"shift", 20, 2500, 0, 0, 180, 480},
	{"outreach", 15, 2500, 0, 0, 60, 240},
	{"consultation", 10, 5000, 0, 5000, 60, 180},
	{"training", 10, 2000, 0, 0, 120, 420},
	{"event", 5, 0, 4000, 0, 60, 180},
};
#define NACTIVITIES (sizeof activities / sizeof activities[0])

static const struct weighted levels[] = {
	{"inform", 30}, {"consult", 30}, {"involve", 20}, {"collaborate", 14},
	{"empower", 6}, {NULL, 0}
};
static const char *const supports[] = {"childcare", "transit", "meal"};
static const int support_pct[] = {5, 20, 12};
static const char *const projects[] = {
	"Overdose Prevention", "Peer Network", "Drug Checking",
	"Housing First", "Harm Reduction Supplies"
};

struct rng {
	uint64_t s;
};

static uint64_t
next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
below(struct rng *r, uint64_t n)
{
	return next(r) % n;
}

static double
unit(struct rng *r)
{
	return (double)(next(r) >> 11) / 9007199254740992.0;
}

static struct rng
seeded(uint64_t seed, enum kind k, uint64_t i)
{
	struct rng r = {seed * 0x100000001b3ULL ^ ((uint64_t)k << 56) ^ i};

	next(&r);
	return r;
}

static const char *
pick(struct rng *r, const struct weighted *w)
{
	int total = 0, x;
	const struct weighted *p;

	for (p = w; p->weight; p++)
		total += p->weight;
	x = (int)below(r, (uint64_t)total);
	for (p = w; x >= p->weight; p++)
		x -= p->weight;
	return p->name;
}

static void
uuid(struct rng *r, char buf[37])
{
	uint64_t a = next(r), b = next(r);

	snprintf(buf, 37, "%08" PRIx64 "-%04" PRIx64 "-4%03" PRIx64 "-%04"
	    PRIx64 "-%012" PRIx64, a >> 32, (a >> 16) & 0xffff, a & 0xfff,
	    ((b >> 48) & 0x3fff) | 0x8000, b & (uint64_t)0xffffffffffff);
}

/* Days since 1970-01-01 (H. Hinnant's algorithm). */
static long
days(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
datefmt(long z, char buf[11])
{
	long era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	buf[0] = (char)('0' + y / 1000 % 10);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = buf[7] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

static long
parse_day(const char *s)
{
	int y, m, d;

	if (sscanf(s, "%d-%d-%d", &y, &m, &d) != 3)
		abort();
	return days(y, m, d);
}

/* A SIN that passes the Luhn check, first digit 1-7 (not temporary). */
static void
make_sin(struct rng *r, char out[10])
{
	int i, sum = 0, v;

	out[0] = (char)('1' + below(r, 7));
	for (i = 1; i < 8; i++)
		out[i] = (char)('0' + below(r, 10));
	for (i = 0; i < 8; i++) {
		v = out[i] - '0';
		if (i % 2 == 1 && (v *= 2) > 9)
			v -= 9;
		sum += v;
	}
	out[8] = (char)('0' + (10 - sum % 10) % 10);
	out[9] = '\0';
}

struct peer {
	char alias[40];
	const char *role, *region, *site, *method, *program;
	bool legal;		/* legal name, SIN and address: a T4A is likely */
	char sin[10], postal[8], line1[40], phone[16], email[64];
	const char *surname, *given, *city;
};

static void
make_peer(uint64_t seed, uint64_t i, struct peer *p)
{
	struct rng r = seeded(seed, PEERS, i);
	int x, total = 0;
	size_t g;
	static const char letters[] = "ABCEGHJKLMNPRSTVXY";

	memset(p, 0, sizeof *p);
	snprintf(p->alias, sizeof p->alias, "%s %" PRIu64, names[i % NNAMES],
	    i / NNAMES + 1);
	p->role = pick(&r, roles);
	for (g = 0; g < NREGIONS; g++)
		total += regions[g].weight;
	x = (int)below(&r, (uint64_t)total);
	for (g = 0; x >= regions[g].weight; g++)
		x -= regions[g].weight;
	p->region = regions[g].region;
	p->site = regions[g].sites[below(&r, 4)];
	p->method = pick(&r, methods);
	p->program = pick(&r, programs);
	p->legal = below(&r, 100) < 30;
	if (!p->legal)
		return;
	make_sin(&r, p->sin);
	p->surname = surnames[below(&r, sizeof surnames / sizeof surnames[0])];
	p->given = givens[below(&r, sizeof givens / sizeof givens[0])];
	p->city = regions[g].city;
	snprintf(p->postal, sizeof p->postal, "%s %d%c%d", regions[g].postal,
	    (int)below(&r, 10), letters[below(&r, sizeof letters - 1)],
	    (int)below(&r, 10));
	snprintf(p->line1, sizeof p->line1, "%d %s St",
	    (int)(1 + below(&r, 2999)), names[below(&r, NNAMES)]);
	snprintf(p->phone, sizeof p->phone, "604-555-%04d",
	    (int)below(&r, 10000));
	snprintf(p->email, sizeof p->email, "%s.%s%" PRIu64 "@example.org",
	    p->given, p->surname, i);
}

/* Zipf-Mandelbrot over ranks, ranks scattered over peer indexes. */
struct zipf {
	double *cum;
	uint64_t n, stride;
};

static uint64_t
gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static void
zipf_init(struct zipf *z, uint64_t n)
{
	uint64_t r;
	double sum = 0;

	z->n = n;
	if (!(z->cum = malloc(n * sizeof *z->cum))) {
		perror("gen");
		exit(1);
	}
	for (r = 0; r < n; r++)
		z->cum[r] = sum += 1.0 / ((double)r + ZIPF_Q);
	for (r = 0; r < n; r++)
		z->cum[r] /= sum;
	for (z->stride = 7919; gcd(z->stride, n) != 1; z->stride += 2)
		;
}

static uint64_t
zipf_peer(const struct zipf *z, struct rng *r)
{
	double u = unit(r);
	uint64_t lo = 0, hi = z->n - 1, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (z->cum[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo * z->stride + 17) % z->n;
}

/* Text out, as a JSON string or a CSV cell.  NULL: JSON null, or an
 * empty cell (the sqlite3 shell reads it as ''). */
static void
json_str(const char *s)
{
	if (!s) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
	putchar('"');
}

static void
csv_str(const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\n")) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

/* One "key":value pair of a JSON object; the first opens it. */
static void
jkey(bool *first, const char *key)
{
	printf("%s\"%s\":", *first ? "{" : ",", key);
	*first = false;
}

static void
jstr(bool *first, const char *key, const char *v)
{
	if (!v)
		return;
	jkey(first, key);
	json_str(v);
}

static void
peer_json(const struct peer *p, const char *uuid)
{
	bool f = true;

	jstr(&f, "uuid", uuid);
	jstr(&f, "alias", p->alias);
	jstr(&f, "role", p->role);
	jstr(&f, "region", p->region);
	jstr(&f, "site", p->site);
	jstr(&f, "payment_method", p->method);
	jstr(&f, "benefit_program", p->program);
	if (p->legal) {
		jstr(&f, "surname", p->surname);
		jstr(&f, "given_name", p->given);
		jstr(&f, "sin", p->sin);
		jstr(&f, "address_line1", p->line1);
		jstr(&f, "city", p->city);
		jstr(&f, "province", "BC");
		jstr(&f, "postal_code", p->postal);
		jstr(&f, "country", "CAN");
		jstr(&f, "phone", p->phone);
		jstr(&f, "email", p->email);
	}
	puts("}");
}

/* n CSV cells, then the end of the row. */
static void
cells(int n, ...)
{
	va_list ap;
	int i;

	va_start(ap, n);
	for (i = 0; i < n; i++) {
		if (i)
			putchar(',');
		csv_str(va_arg(ap, const char *));
	}
	va_end(ap);
	putchar('\n');
}

/*
 * The columns of CREATE TABLE peers, in order.  A NULL the tools store
 * is an empty cell, '' to the shell, except sin: '' would fail its CHECK
 * (length 9), so a peer without one gets nine zeros, the store's own
 * spelling of "no SIN" on input.
 */
static void
peer_csv(const struct peer *p, uint64_t id, const char *u, const char *now)
{
	char sid[24], fold[sizeof p->alias];
	size_t i;

	snprintf(sid, sizeof sid, "%" PRIu64, id);
	/* alias_fold: the aliases here are ASCII, so their fold
	 * (pk_utf8_fold) is their lower case. */
	for (i = 0; p->alias[i]; i++)
		fold[i] = (char)tolower((unsigned char)p->alias[i]);
	fold[i] = '\0';
	printf("%s,%s,", sid, u);
	csv_str(p->alias);
	putchar(',');
	if (p->legal)
		cells(29, p->surname, p->given, NULL, p->sin, p->line1, NULL,
		    p->city, "BC", p->postal, "CAN", p->phone, p->email, p->role,
		    p->region, p->site, p->method, p->program, "[]", NULL,
		    "active", NULL, now, now, "0", NULL, NULL, NULL, fold, NULL);
	else
		cells(29, NULL, NULL, NULL, "000000000", NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, p->role, p->region, p->site,
		    p->method, p->program, "[]", NULL, "active", NULL, now, now,
		    "0", NULL, NULL, NULL, fold, NULL);
}

struct gen {
	enum kind kind;
	uint64_t seed, n, npeers;
	bool csv, uuids;
	const char *now;
	long first, ndays;
	struct zipf z;
};

static void
peers(struct gen *g)
{
	struct peer p;
	struct rng r;
	uint64_t i;
	char u[37];

	for (i = 0; i < g->n; i++) {
		make_peer(g->seed, i, &p);
		r = seeded(g->seed, PEERS, i + (1ULL << 40));
		uuid(&r, u);
		if (g->csv)
			peer_csv(&p, i + 1, u, g->now);
		else
			peer_json(&p, g->uuids ? u : NULL);
	}
}

/* Records are in date order, spread evenly over the three years, as an
 * export or a site's log would come. */
static void
day_of(const struct gen *g, uint64_t i, char buf[11])
{
	datefmt(g->first + (long)(i * (uint64_t)g->ndays / g->n), buf);
}

static const struct activity *
pick_activity(struct rng *r)
{
	int total = 0, x;
	size_t i;

	for (i = 0; i < NACTIVITIES; i++)
		total += activities[i].weight;
	x = (int)below(r, (uint64_t)total);
	for (i = 0; x >= activities[i].weight; i++)
		x -= activities[i].weight;
	return &activities[i];
}

static int64_t
due(const struct activity *a, int minutes)
{
	int64_t d = a->flat + (a->hourly * minutes + 30) / 60;

	return d < a->minimum ? a->minimum : d;
}

static void
engagement(struct gen *g, uint64_t i)
{
	struct rng r = seeded(g->seed, ENGAGEMENTS, i);
	uint64_t pi = zipf_peer(&g->z, &r);
	const struct activity *a = pick_activity(&r);
	int steps = (a->max_minutes - a->min_minutes) / 15 + 1, k, n = 0;
	int minutes = a->min_minutes + 15 * (int)below(&r, (uint64_t)steps);
	const char *level = pick(&r, levels), *project = NULL;
	char date[11], hours[16], sup[64] = "[", u[37], amount[24];
	struct peer p;
	bool f = true;

	make_peer(g->seed, pi, &p);
	day_of(g, i, date);
	for (k = 0; k < 3; k++)
		if ((int)below(&r, 100) < support_pct[k])
			snprintf(sup + strlen(sup), sizeof sup - strlen(sup),
			    "%s\"%s\"", n++ ? "," : "", supports[k]);
	strcat(sup, "]");
	if (below(&r, 100) < 40)
		project = projects[below(&r, 5)];
	snprintf(hours, sizeof hours, "%d.%02d", minutes / 60,
	    minutes % 60 * 100 / 60);
	uuid(&r, u);
	if (g->csv) {
		snprintf(amount, sizeof amount, "%" PRId64, due(a, minutes));
		printf("%" PRIu64 ",%s,%" PRIu64 ",%s,%d,", i + 1, u, pi + 1,
		    date, minutes);
		cells(15, a->name, level, project, p.region, p.site, sup, NULL,
		    amount, NULL, "logged", NULL, g->now, g->now, "0", "0");
		return;
	}
	if (g->uuids)
		jstr(&f, "uuid", u);
	jstr(&f, "peer", p.alias);
	jstr(&f, "date", date);
	jstr(&f, "hours", hours);
	jstr(&f, "activity", a->name);
	jstr(&f, "level", level);
	jstr(&f, "project", project);
	if (n) {
		jkey(&f, "supports");
		fputs(sup, stdout);
	}
	puts("}");
}

static const char *const honoraria[] = {
	"25.00", "25.00", "37.50", "50.00", "50.00", "40.00", "20.00",
	"75.00", "100.00", "12.50"
};

static void
payment(struct gen *g, uint64_t i)
{
	struct rng r = seeded(g->seed, PAYMENTS, i);
	uint64_t pi = zipf_peer(&g->z, &r);
	bool reimb = below(&r, 100) < 12;
	const char *amount, *category = NULL, *method;
	char date[11], ref[48], u[37], cents[24], buf[16];
	struct peer p;
	bool f = true;
	int64_t c;

	make_peer(g->seed, pi, &p);
	day_of(g, i, date);
	if (reimb) {
		switch (below(&r, 3)) {
		case 0:
			category = "transit";
			amount = "3.15";
			break;
		case 1:
			category = "meal";
			amount = "15.00";
			break;
		default:
			category = "childcare";
			snprintf(buf, sizeof buf, "%d.00",
			    20 + 5 * (int)below(&r, 5));
			amount = buf;
			break;
		}
	} else {
		amount = honoraria[below(&r, sizeof honoraria /
		    sizeof honoraria[0])];
	}
	/* A gift card warns (not adequate pay): cash instead for the bench. */
	method = strcmp(p.method, "gift-card") == 0 ? "cash" : p.method;
	snprintf(ref, sizeof ref, "bench-%" PRIu64 "-%" PRIu64, g->seed, i + 1);
	uuid(&r, u);
	if (g->csv) {
		c = strtoll(amount, NULL, 10) * 100 +
		    strtoll(strchr(amount, '.') + 1, NULL, 10);
		snprintf(cents, sizeof cents, "%" PRId64, c);
		printf("%" PRIu64 ",%s,%" PRIu64 ",%s,%s,", i + 1, u, pi + 1,
		    date, cents);
		/* category: '' fails its CHECK; an honorarium gets "other". */
		/* rounding 0: every amount here is a multiple of 0.05. */
		cells(13, method, reimb ? "reimbursement" : "honorarium",
		    category ? category : "other", ref, NULL, "[]", "[]", "paid",
		    NULL, NULL, g->now, g->now, "0");
		return;
	}
	if (g->uuids)
		jstr(&f, "uuid", u);
	jstr(&f, "peer", p.alias);
	jstr(&f, "date", date);
	jstr(&f, "amount", amount);
	jstr(&f, "method", method);
	jstr(&f, "kind", reimb ? "reimbursement" : "honorarium");
	jstr(&f, "category", category);
	jstr(&f, "ref", ref);
	puts("}");
}

static void
usage(void)
{
	fputs("usage: gen [-c] [-u] [-s SEED] [-p PEERS] [-t NOW] "
	    "peers|engagements|payments N\n"
	    "  -c  CSV with the columns of the store's table (for .import)\n"
	    "  -u  JSON records carry a uuid (a merge from another site)\n"
	    "  -p  peers the records refer to (default 10000)\n"
	    "  -s  seed (default 1)\n"
	    "  -t  created_at/updated_at of CSV rows (default "
	    "2026-11-23T12:00:00Z)\n", stderr);
	exit(64);
}

static uint64_t
number(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end)
		usage();
	return v;
}

int
main(int argc, char *argv[])
{
	static char buf[1 << 16];
	struct gen g = {.seed = 1, .npeers = 10000,
	    .now = "2026-11-23T12:00:00Z"};
	uint64_t i;
	int c;

	while ((c = getopt(argc, argv, "cup:s:t:")) != -1) {
		switch (c) {
		case 'c':
			g.csv = true;
			break;
		case 'u':
			g.uuids = true;
			break;
		case 'p':
			g.npeers = number(optarg);
			break;
		case 's':
			g.seed = number(optarg);
			break;
		case 't':
			g.now = optarg;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 2 || g.npeers == 0)
		usage();
	if (strcmp(argv[optind], "peers") == 0)
		g.kind = PEERS;
	else if (strcmp(argv[optind], "engagements") == 0)
		g.kind = ENGAGEMENTS;
	else if (strcmp(argv[optind], "payments") == 0)
		g.kind = PAYMENTS;
	else
		usage();
	g.n = number(argv[optind + 1]);
	setvbuf(stdout, buf, _IOFBF, sizeof buf);
	g.first = parse_day(FIRST_DAY);
	g.ndays = parse_day(LAST_DAY) - g.first + 1;
	if (g.kind == PEERS) {
		peers(&g);
	} else {
		zipf_init(&g.z, g.npeers);
		for (i = 0; i < g.n; i++)
			(g.kind == ENGAGEMENTS ? engagement : payment)(&g, i);
		free(g.z.cum);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen: stdout");
		return 1;
	}
	return 0;
}
