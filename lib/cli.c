/*
 * cli.c - what every binary shares: the common options, opening the
 * config and the store, answering the completion scripts, usage errors.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "internal.h"

static const char *const formats[] = {"table", "json", "jsonl", "csv", NULL};
static const char *const input_formats[] = {"csv", "jsonl", NULL};
static const char *const periods[] = {
	"this-month", "last-month", "this-year", "last-year", NULL
};

void
pk_cli_init(struct pk_cli *cli, int argc, char *argv[],
    const struct option *longopts, void (*usage)(FILE *, int))
{
	memset(cli, 0, sizeof *cli);
	pk_setprogname(argc > 0 ? argv[0] : "peerkit");
	/* Whatever the caller's umask, nothing we create is readable by others. */
	umask(077);
	cli->longopts = longopts;
	cli->usage = usage;
	cli->argv = argv;
	cli->format = PK_FMT_TABLE;
}

void
pk_cli_complete(struct pk_cli *cli, const struct pk_complete *comp)
{
	cli->comp = comp;
}

static void
print_words(const char *const *w)
{
	for (; w && *w; w++)
		puts(*w);
}

static void
print_list(const struct pk_strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		puts(l->v[i]);
}

static int
print_alias(const struct pk_peer *p, void *arg)
{
	(void)arg;
	puts(p->alias);
	return 0;
}

static int
print_engagement(const struct pk_engagement *e, void *arg)
{
	(void)arg;
	printf("%lld\n", (long long)e->id);
	return 0;
}

/* The kind of value option name takes (without "--"; "" for the
 * operands): the tool's word, else the common options', else "none";
 * NULL for operands the tool does not take. */
static const char *
option_kind(const struct pk_cli *cli, const char *name,
    const struct pk_complete **entry)
{
	const struct pk_complete *c;

	*entry = NULL;
	for (c = cli->comp; c && c->option; c++)
		if (strcmp(c->option, name) == 0) {
			*entry = c;
			return c->kind;
		}
	if (!*name)
		return NULL;
	if (strcmp(name, "db") == 0 || strcmp(name, "config") == 0 ||
	    strcmp(name, "output") == 0)
		return "files";
	if (strcmp(name, "today") == 0)
		return "dates";
	if (strcmp(name, "format") == 0)
		return "formats";
	return "none";
}

/* "--OPTION KIND" for each option that takes a value, then "operands
 * KIND": all the completion scripts need to know of a tool. */
static void
print_arguments(const struct pk_cli *cli)
{
	const struct pk_complete *e;
	const struct option *o;
	const char *kind;

	for (o = cli->longopts; o && o->name; o++) {
		if (o->has_arg == no_argument || strcmp(o->name, "complete") == 0)
			continue;
		kind = option_kind(cli, o->name, &e);
		printf("--%s %s\n", o->name, kind);
		if (o->val > 0 && o->val < 128 && isalpha(o->val))
			printf("-%c %s\n", o->val, kind);
	}
	if ((kind = option_kind(cli, "", &e)))
		printf("operands %s\n", kind);
}

/* The entry of the tool's that makes `what` a kind it answers: one of
 * its options (or its operands) takes that kind of value. */
static bool
tool_kind(const struct pk_cli *cli, const char *what,
    const struct pk_complete **entry)
{
	const struct option *o;
	const char *k = option_kind(cli, "", entry);

	if (k && strcmp(k, what) == 0)
		return true;
	for (o = cli->longopts; o && o->name; o++)
		if (o->has_arg != no_argument && strcmp(o->name, "complete") != 0 &&
		    strcmp(option_kind(cli, o->name, entry), what) == 0)
			return true;
	return false;
}

/* Dates and periods near today: what is typed most. */
static void
print_dates(void)
{
	char buf[PK_DATE_BUFSZ];

	puts(pk_date_fmt(pk_today(), buf));
	puts(pk_date_fmt(pk_today() - 1, buf));
}

static void
print_years(void)
{
	int y, m, d;

	pk_date_split(pk_today(), &y, &m, &d);
	printf("%d\n%d\n", y, y - 1);
}

static void
print_periods(void)
{
	int y, m, d, q;

	print_words(periods);
	pk_date_split(pk_today(), &y, &m, &d);
	q = (m - 1) / 3 + 1;
	printf("%04d-%02d\n%04d-%02d\n", y, m, m > 1 ? y : y - 1,
	    m > 1 ? m - 1 : 12);
	printf("%04d-Q%d\n%04d-Q%d\n", y, q, q > 1 ? y : y - 1,
	    q > 1 ? q - 1 : 4);
	printf("%04d\n%04d\n", y, y - 1);
}

/* One calendar month: what --month takes. */
static void
print_months(void)
{
	int y, m, d;

	puts("this-month");
	puts("last-month");
	pk_date_split(pk_today(), &y, &m, &d);
	printf("%04d-%02d\n%04d-%02d\n", y, m, m > 1 ? y : y - 1,
	    m > 1 ? m - 1 : 12);
}

static void
print_peers(struct pk_cli *cli, const char *status)
{
	struct pk_peer_filter f = {.status = status};
	char *path = pk_store_path(cli->db, &cli->cfg);

	if (path && pk_store_open(&cli->store, path, PK_STORE_READ) == 0)
		pk_peer_each(cli->store, &f, print_alias, NULL);
	free(path);
	pk_store_close(cli->store);
	cli->store = NULL;
}

static void
print_unpaid(struct pk_cli *cli)
{
	struct pk_engagement_filter f = {.status = "owed"};
	char *path = pk_store_path(cli->db, &cli->cfg);

	if (path && pk_store_open(&cli->store, path, PK_STORE_READ) == 0)
		pk_engagement_each(cli->store, &f, print_engagement, NULL);
	free(path);
	pk_store_close(cli->store);
	cli->store = NULL;
}

/* The candidates cli.c knows for a kind (none for a kind it does not). */
static void
print_kind(struct pk_cli *cli, const char *what)
{
	const struct pk_config *cfg = &cli->cfg;
	size_t i;

	if (strcmp(what, "roles") == 0)
		print_list(&cfg->roles);
	else if (strcmp(what, "regions") == 0)
		print_list(&cfg->regions);
	else if (strcmp(what, "sites") == 0)
		print_list(&cfg->sites);
	else if (strcmp(what, "supports") == 0)
		print_list(&cfg->supports);
	else if (strcmp(what, "activities") == 0)
		for (i = 0; i < cfg->nrates; i++)
			puts(cfg->rates[i].activity);
	else if (strcmp(what, "programs") == 0)
		for (i = 0; i < cfg->nbenefits; i++) {
			if (i == 0 || strcmp(cfg->benefits[i].name,
			    cfg->benefits[i - 1].name) != 0)
				puts(cfg->benefits[i].name);
		}
	else if (strcmp(what, "levels") == 0)
		print_words(pk_levels);
	else if (strcmp(what, "methods") == 0)
		print_words(pk_pay_methods);
	else if (strcmp(what, "kinds") == 0)
		print_words(pk_pay_kinds);
	else if (strcmp(what, "categories") == 0)
		print_words(pk_pay_categories);
	else if (strcmp(what, "formats") == 0)
		print_words(formats);
	else if (strcmp(what, "input-formats") == 0)
		print_words(input_formats);
	else if (strcmp(what, "provinces") == 0)
		print_words(pk_provinces);
	else if (strcmp(what, "periods") == 0)
		print_periods();
	else if (strcmp(what, "months") == 0)
		print_months();
	else if (strcmp(what, "dates") == 0)
		print_dates();
	else if (strcmp(what, "years") == 0)
		print_years();
	else if (strcmp(what, "peers") == 0)
		print_peers(cli, NULL);
	else if (strcmp(what, "active-peers") == 0)
		print_peers(cli, "active");
	else if (strcmp(what, "inactive-peers") == 0)
		print_peers(cli, "inactive");
	else if (strcmp(what, "engagements") == 0)
		print_unpaid(cli);
}

/*
 * For the completion scripts: candidates, one per line, never an error.
 * A tool answers only the kinds its own options take, so a kind such as
 * statuses means that tool's statuses.
 */
static _Noreturn void
complete(struct pk_cli *cli, const char *what)
{
	const struct pk_complete *e = NULL;
	const struct option *o;

	pk_quiet = 1;
	if (strcmp(what, "options") == 0) {
		for (o = cli->longopts; o && o->name; o++)
			if (strcmp(o->name, "complete") != 0)
				printf("--%s\n", o->name);
	} else if (strcmp(what, "arguments") == 0) {
		print_arguments(cli);
	} else if (tool_kind(cli, what, &e) && strcmp(what, "files") != 0 &&
	    strcmp(what, "none") != 0 &&
	    pk_config_load(&cli->cfg, cli->config_path) == 0) {
		print_kind(cli, what);
		if (e)
			print_words(e->words);
		if (e && e->fn)
			e->fn(cli);
		pk_config_free(&cli->cfg);
	}
	exit(pk_fshut(stdout, "<stdout>") ? PK_EX_IOERR : 0);
}

static const char *
opt_name(const struct pk_cli *cli, int opt)
{
	const struct option *l;

	for (l = cli->longopts; l->name; l++)
		if (l->val == opt)
			return l->name;
	return "?";
}

/*
 * An option getopt did not take: unknown (or an abbreviation of two), or
 * a value given to one that takes none.  Said in one line, then the
 * usage; never with what follows '=', which may be a SIN.
 */
static _Noreturn void
bad_option(struct pk_cli *cli)
{
	const char *a = optind > 0 ? cli->argv[optind - 1] : "";
	char shown[64];
	const struct option *l;
	size_t len, n = 0;

	if (optopt > 0 && optopt < 128 && !strchr(PK_SHORT_OPTS, optopt))
		pk_usage_error(cli, "unrecognized option '-%c'", optopt);
	for (l = cli->longopts; optopt && l->name; l++)
		if (l->val == optopt && l->has_arg == no_argument)
			pk_usage_error(cli, "--%s takes no value", l->name);
	pk_text_shown(shown, sizeof shown, a);
	shown[strcspn(shown, "=")] = '\0';
	len = strlen(shown);
	for (l = cli->longopts; len > 2 && l->name; l++)
		n += strncmp(l->name, shown + 2, len - 2) == 0;
	pk_usage_error(cli, n > 1 ? "option '%s' is ambiguous" :
	    "unrecognized option '%s'", shown);
}

/*
 * The value of a tool's option is text for a record or a reference:
 * UTF-8, or refused here, saying where, before it can become a JSON
 * null (a missing field) or a name that matches nothing.  File names
 * are the file system's, whatever their bytes.
 */
static void
check_utf8(const struct pk_cli *cli, int c, const char *arg)
{
	const struct pk_complete *e;
	const char *name = opt_name(cli, c);
	size_t bad;

	if (!arg || pk_utf8_valid(arg, strlen(arg), &bad) ||
	    strcmp(option_kind(cli, name, &e), "files") == 0)
		return;
	pk_die(PK_EX_DATAERR, "--%s: invalid UTF-8 at byte %zu (0x%02x): "
	    "give text as UTF-8", name, bad + 1, (unsigned char)arg[bad]);
}

/* A format the tool does not write: the message lists those it does,
 * its own (t4a-report's xml, honorarium-pay's html) with the rest. */
static _Noreturn void
format_error(const struct pk_cli *cli, const char *arg)
{
	const struct pk_complete *e;
	char list[256], shown[64];
	size_t i, len;

	snprintf(list, sizeof list, "table, json, jsonl, csv");
	(void)option_kind(cli, "format", &e);
	for (i = 0; e && e->words && e->words[i]; i++) {
		len = strlen(list);
		snprintf(list + len, sizeof list - len, ", %s", e->words[i]);
	}
	pk_value_error("format", "unknown format \"%s\" (%s)",
	    pk_text_shown(shown, sizeof shown, arg), list);
}

bool
pk_cli_option(struct pk_cli *cli, int c, const char *arg)
{
	switch (c) {
	case PK_OPT_DB:
		cli->db = arg;
		return true;
	case PK_OPT_CONFIG:
		cli->config_path = arg;
		return true;
	case PK_OPT_TODAY:
		if (pk_set_today(arg) != 0)
			pk_value_error("today", "%s", pk_errmsg());
		return true;
	case PK_OPT_JSON:
		cli->format = PK_FMT_JSONL;
		cli->format_set = true;
		return true;
	case PK_OPT_FORMAT:
		if (pk_format_parse(arg, &cli->format) != 0)
			format_error(cli, arg);
		cli->format_set = true;
		return true;
	case PK_OPT_WIDE:
		pk_out_wide = true;
		return true;
	case 'o':
		if (!*arg)
			pk_value_error("output", "a file name, or - for standard "
			    "output");
		cli->output = strcmp(arg, "-") == 0 ? NULL : arg;
		return true;
	case 'q':
		pk_quiet = 1;
		return true;
	case PK_OPT_BOM:
		pk_csv_bom = true;
		return true;
	case 'h':
		cli->usage(stdout, 0);
		exit(0);
	case PK_OPT_VERSION:
		printf("%s (peerkit) %s\n", pk_progname, PK_VERSION);
		exit(pk_fshut(stdout, "<stdout>") ? PK_EX_IOERR : 0);
	case PK_OPT_COMPLETE:
		complete(cli, arg);
	case ':':
		pk_value_error(opt_name(cli, optopt), "a value is needed");
	case '?':
		bad_option(cli);
	default:
		check_utf8(cli, c, arg);
		if (c >= PK_OPT_TOOL && c < PK_OPT_TOOL + 64)
			cli->seen |= UINT64_C(1) << (c - PK_OPT_TOOL);
		return false;
	}
}

bool
pk_cli_seen(const struct pk_cli *cli, int opt)
{
	return opt >= PK_OPT_TOOL && opt < PK_OPT_TOOL + 64 &&
	    (cli->seen & (UINT64_C(1) << (opt - PK_OPT_TOOL)));
}


static bool
listed(const int *opts, int opt)
{
	for (; opts && *opts; opts++)
		if (*opts == opt)
			return true;
	return false;
}

/* "give one of --list, --summary, --void or a FILE": every mode but the
 * one chosen by nothing. */
static _Noreturn void
two_modes(struct pk_cli *cli, const struct pk_mode *modes)
{
	const struct pk_mode *m;
	char list[512] = "";
	size_t n = 0, i = 0, len;

	int pass;

	for (m = modes; m->name; m++)
		n += m->chosen_by || m->how != PK_MODE_DEFAULT;
	/* The options first, then the operand. */
	for (pass = 0; pass < 2; pass++)
		for (m = modes; m->name; m++) {
			if (pass == 0 ? !m->chosen_by : m->chosen_by ||
			    m->how != PK_MODE_OPERAND)
				continue;
			len = strlen(list);
			snprintf(list + len, sizeof list - len, "%s%s", i == 0 ?
			    "" : i + 1 < n ? ", " : " or ", m->name);
			i++;
		}
	pk_usage_error(cli, "give one of %s", list);
}

/* "--date does not go with a REF alone (it goes with --done, --undo or
 * --waive)": and where it does go, if anywhere. */
static _Noreturn void
misfit(struct pk_cli *cli, const struct pk_mode *modes,
    const struct pk_mode *mode, int opt)
{
	const struct pk_mode *m, *where[16];
	char also[512] = "";
	size_t n = 0, i, len;

	for (m = modes; m->name && n < 16; m++)
		if (m != mode && listed(m->takes, opt) &&
		    !listed(m->chosen_by, opt))
			where[n++] = m;
	for (i = 0; i < n; i++) {
		len = strlen(also);
		snprintf(also + len, sizeof also - len, "%s%s", i == 0 ?
		    " (it goes with " : i + 1 < n ? ", " : " or ", where[i]->name);
	}
	pk_usage_error(cli, "--%s does not go with %s%s", opt_name(cli, opt),
	    mode->name, n ? strcat(also, ")") : "");
}

const struct pk_mode *
pk_cli_mode(struct pk_cli *cli, const struct pk_mode *modes, int noperands)
{
	const struct pk_mode *m, *mode = NULL, *dflt = NULL;
	const int *o;
	int opt, n = 0;

	for (m = modes; m->name; m++) {
		bool chosen = false;

		for (o = m->chosen_by; o && *o; o++)
			chosen = chosen || pk_cli_seen(cli, *o);
		if (!m->chosen_by && m->how == PK_MODE_OPERAND)
			chosen = noperands > 0;
		if (!m->chosen_by && m->how == PK_MODE_DEFAULT)
			dflt = m;
		if (chosen) {
			mode = m;
			n++;
		}
	}
	if (n > 1)
		two_modes(cli, modes);
	if (!mode && !(mode = dflt))
		two_modes(cli, modes);
	for (opt = PK_OPT_TOOL; opt < PK_OPT_TOOL + 64; opt++)
		if (pk_cli_seen(cli, opt) && !listed(mode->chosen_by, opt) &&
		    !listed(mode->takes, opt))
			misfit(cli, modes, mode, opt);
	for (o = mode->needs; o && *o; o++)
		if (!pk_cli_seen(cli, *o))
			pk_usage_error(cli, "%s needs --%s", mode->name,
			    opt_name(cli, *o));
	return mode;
}

void
pk_value_error(const char *option, const char *fmt, ...)
{
	va_list ap;
	char buf[2048];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: --%s: %s\nTry '%s --help' for more "
	    "information.\n", pk_progname, option,
	    pk_sin_scrub(buf, sizeof buf, false), pk_progname);
	exit(PK_EX_USAGE);
}

pk_day
pk_cli_date(const char *option, const char *v)
{
	pk_day d;

	if (pk_date_parse(v, &d) != 0)
		pk_value_error(option, "%s", pk_errmsg());
	return d;
}

/*
 * A period such as last-month counts from today, which is not known
 * while the options are read: the config, read later, names the
 * program's zone.  Each is checked when given and worked out again in
 * pk_cli_open, once the zone is set.
 */
static struct {
	const char *v;
	struct pk_period *p;
} periods_given[4];
static size_t nperiods_given;

void
pk_cli_period(const char *option, const char *v, struct pk_period *p)
{
	size_t i;

	if (pk_period_parse(v, p) != 0)
		pk_value_error(option, "%s", pk_errmsg());
	for (i = 0; i < nperiods_given && periods_given[i].p != p; i++)
		;
	if (i == sizeof periods_given / sizeof periods_given[0])
		pk_die(PK_EX_SOFTWARE, "too many periods");
	periods_given[i].v = v;
	periods_given[i].p = p;
	if (i == nperiods_given)
		nperiods_given++;
}

/* The periods given, in the program's zone; they parsed before. */
static void
periods_again(void)
{
	size_t i;

	for (i = 0; i < nperiods_given; i++)
		if (pk_period_parse(periods_given[i].v, periods_given[i].p) != 0)
			pk_exit_error();
}

int
pk_cli_year(const char *option, const char *v)
{
	int y;

	if (pk_year_parse(v, &y) != 0)
		pk_value_error(option, "%s", pk_errmsg());
	return y;
}

int64_t
pk_cli_money(const char *option, const char *v)
{
	int64_t cents;

	if (pk_money_parse(v, &cents, 0) != 0)
		pk_value_error(option, "%s", pk_errmsg());
	return cents;
}

int
pk_cli_hours(const char *option, const char *v)
{
	int minutes;

	if (pk_hours_parse(v, &minutes) != 0)
		pk_value_error(option, "%s", pk_errmsg());
	return minutes;
}

int64_t
pk_cli_count(const char *option, const char *v, int64_t min, int64_t max,
    const char *what)
{
	char shown[64];
	int64_t n;

	if (!pk_num_parse(v, min, max, &n))
		pk_value_error(option, "\"%s\" is not a number of %s from %lld "
		    "to %lld", pk_text_shown(shown, sizeof shown, v), what,
		    (long long)min, (long long)max);
	return n;
}

void
pk_cli_record(const char *option, const char *v, const char *what)
{
	char shown[64];
	int64_t n;

	if (!pk_is_uuid(v) && !pk_num_parse(v, 1, INT64_MAX, &n))
		pk_value_error(option, "\"%s\" is not %s id or uuid",
		    pk_text_shown(shown, sizeof shown, v), what);
}

enum pk_input_format
pk_cli_input_format(const char *option, const char *v)
{
	pk_cli_word(option, v, input_formats, "an input format");
	return strcmp(v, "csv") == 0 ? PK_INPUT_CSV : PK_INPUT_JSONL;
}

void
pk_cli_word(const char *option, const char *v, const char *const words[],
    const char *what)
{
	char shown[64], list[512] = "";
	size_t i, len;

	if (pk_oneof(v, words))
		return;
	for (i = 0; words[i]; i++) {
		len = strlen(list);
		snprintf(list + len, sizeof list - len, "%s%s", i == 0 ? "" :
		    words[i + 1] ? ", " : " or ", words[i]);
	}
	pk_value_error(option, "\"%s\" is not %s (%s)", pk_text_shown(shown,
	    sizeof shown, v), what, list);
}

/*
 * -o FILE.  Standard output goes to a temporary file beside FILE, made
 * 0600 whatever the umask, and once the tool has ended well the file is
 * synced and renamed over FILE: a reader finds FILE as it was or whole,
 * never half written, and never readable by others.  On any other way
 * out (an error returned, exit(), a signal) the temporary file is
 * removed and FILE is left as it was.  A FILE that exists and is not a
 * regular file (/dev/null, a FIFO) is written in place: there is
 * nothing to replace.
 */
static struct {
	const char *path;	/* FILE; NULL: no -o */
	int saved;		/* the real standard output */
	bool void_out;		/* pk_cli_output_void */
} output = {NULL, -1, false};
/* The temporary file, while it exists: the signal handler reads it. */
static char *volatile output_tmp;
static const int output_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define NOUTPUT_SIGNALS (sizeof output_signals / sizeof output_signals[0])

static void
output_unlink(void)
{
	char *tmp = output_tmp;

	if (tmp) {
		output_tmp = NULL;
		unlink(tmp);
		free(tmp);
	}
}

/* Async-signal-safe: unlink, sigaction and raise only. */
static void
output_signal(int sig)
{
	struct sigaction dfl;
	char *tmp = output_tmp;

	if (tmp)
		unlink(tmp);
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
	raise(sig);	/* delivered as the handler returns */
}

/* A signal ignored on entry (nohup) stays ignored. */
static void
output_handlers(void)
{
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = output_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NOUTPUT_SIGNALS; i++)
		if (sigaction(output_signals[i], NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN)
			sigaction(output_signals[i], &sa, NULL);
}

/* Standard output to fd from now on; the real one kept to go back to. */
static void
output_swap(int fd)
{
	fflush(stdout);
	if ((output.saved = dup(STDOUT_FILENO)) < 0 ||
	    dup2(fd, STDOUT_FILENO) < 0)
		pk_die(PK_EX_CANTCREAT, "%s: standard output:", output.path);
	close(fd);
}

static void
output_restore(void)
{
	if (output.saved < 0)
		return;
	fflush(stdout);
	dup2(output.saved, STDOUT_FILENO);
	close(output.saved);
	output.saved = -1;
}

/* The directory FILE is in (malloc'd). */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return pk_strdup(".");
	return pk_asprintf("%.*s", slash == path ? 1 : (int)(slash - path),
	    path);
}

static void
output_open(const char *path)
{
	const char *slash = strrchr(path, '/');
	struct stat st;
	bool exists = stat(path, &st) == 0;
	char *tmp;
	int fd, e;

	output.path = path;
	if ((exists && S_ISDIR(st.st_mode)) || (slash && !slash[1]))
		pk_die(PK_EX_CANTCREAT, "%s: is a directory", path);
	if (exists && !S_ISREG(st.st_mode)) {
		if ((fd = open(path, O_WRONLY | O_NOCTTY)) < 0)
			pk_die(PK_EX_CANTCREAT, "%s:", path);
		output_swap(fd);
		return;
	}
	/* ".FILE.XXXXXX" beside FILE: rename(2) stays on one file system. */
	tmp = pk_asprintf("%.*s.%s.XXXXXX", slash ? (int)(slash - path + 1) :
	    0, path, slash ? slash + 1 : path);
	atexit(output_unlink);
	if ((fd = mkstemp(tmp)) < 0 || fchmod(fd, 0600) != 0) {
		e = errno;
		if (fd >= 0)
			unlink(tmp);
		free(tmp);
		tmp = dir_of(path);
		pk_fail(PK_EX_CANTCREAT, "%s: cannot create a file in %s: %s",
		    path, tmp, strerror(e));
		free(tmp);
		pk_exit_error();
	}
	output_tmp = tmp;
	output_handlers();
	output_swap(fd);
}

/* The directory's entry made durable too; a failure here loses
 * nothing that the rename has not already made visible. */
static void
output_sync_dir(const char *path)
{
	char *dir = dir_of(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Commit the output to FILE, or drop it. */
static int
output_end(bool commit)
{
	char *tmp = output_tmp;
	int rc = 0;

	if (!output.path)
		return 0;
	if (tmp && commit) {
		if (fsync(STDOUT_FILENO) != 0)
			rc = pk_fail(PK_EX_IOERR, "%s: %s", output.path,
			    strerror(errno));
		else if (rename(tmp, output.path) != 0)
			rc = pk_fail(PK_EX_CANTCREAT, "%s: %s", output.path,
			    strerror(errno));
		else {
			output_tmp = NULL;
			free(tmp);
			output_sync_dir(output.path);
		}
	}
	output_unlink();
	output_restore();
	output.path = NULL;
	return rc;
}

bool
pk_cli_output_void(void)
{
	output.void_out = true;
	return output.path != NULL;
}

void
pk_cli_warn_sins(void)
{
	char name[PATH_MAX];
	struct stat st;
	ssize_t n;

	if (fstat(STDOUT_FILENO, &st) != 0 || !S_ISREG(st.st_mode) ||
	    !(st.st_mode & (S_IRWXG | S_IRWXO)))
		return;
	n = readlink("/proc/self/fd/1", name, sizeof name - 1);
	if (n > 0)
		name[n] = '\0';
	pk_warn("warning: full SINs are going to %s, which group or others can "
	    "read (mode %04o); use -o FILE (written 0600)", n > 0 ? name :
	    "standard output", (unsigned)(st.st_mode & 0777));
}

/* -o naming the store would replace the store with the output. */
static void
output_not_store(struct pk_cli *cli, const char *store)
{
	struct stat a, b;

	if (output.path && stat(output.path, &a) == 0 && stat(store, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		pk_usage_error(cli, "-o %s is the store itself", output.path);
}

void
pk_cli_output(struct pk_cli *cli)
{
	if (pk_csv_bom && cli->format != PK_FMT_CSV)
		pk_usage_error(cli, "--bom goes with --format csv");
	if (cli->output && !output.path)
		output_open(cli->output);
}

void
pk_cli_open(struct pk_cli *cli, int mode)
{
	char *path;

	/* A malformed $PEERKIT_TODAY or $PEERKIT_NOW stops the tool here,
	 * before anything is read or written. */
	pk_clock_check();
	/* Before the store: a FILE that cannot be written stores nothing. */
	pk_cli_output(cli);
	/* It sets the program's zone: today, and the periods, follow. */
	if (pk_config_load(&cli->cfg, cli->config_path) != 0)
		pk_exit_error();
	periods_again();
	pk_privacy_use(&cli->cfg);
	if (!(path = pk_store_path(cli->db, &cli->cfg)))
		pk_exit_error();
	if (pk_store_open(&cli->store, path, mode) != 0) {
		free(path);
		pk_exit_error();
	}
	output_not_store(cli, path);
	free(path);
}

int
pk_cli_close(struct pk_cli *cli, int status)
{
	bool stored = pk_store_committed(cli->store);
	int rc;

	pk_store_close(cli->store);
	cli->store = NULL;
	pk_config_free(&cli->cfg);
	pk_privacy_forget();
	if (pk_fshut(stdout, output.path ? output.path : "<stdout>") != 0) {
		output_end(false);
		/* A write error the tool has said already is not said
		 * twice, unless what it wrote is stored all the same. */
		if (status != PK_EX_IOERR || stored)
			fprintf(stderr, "%s: %s%s\n", pk_progname, pk_errmsg(),
			    stored ? PK_OUTPUT_LOST : "");
		return PK_EX_IOERR;
	}
	if ((rc = output_end(!output.void_out && (status == 0 ||
	    status == PK_EX_NO || stored))) != 0) {
		fprintf(stderr, "%s: %s%s\n", pk_progname, pk_errmsg(), stored ?
		    PK_OUTPUT_LOST : "");
		return rc;
	}
	return status;
}

void
pk_usage_error(struct pk_cli *cli, const char *fmt, ...)
{
	va_list ap;
	char buf[2048];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s\n", pk_progname,
	    pk_sin_scrub(buf, sizeof buf, false));
	cli->usage(stderr, PK_EX_USAGE);
	exit(PK_EX_USAGE);
}

/*
 * Reading a secret from a terminal: echo off while it is typed, and the
 * terminal as it was on every way out.  A signal that ends the process
 * restores it first; a stop (^Z) gives the shell a terminal with echo
 * and takes it back, echo off, on SIGCONT.
 */
static struct termios secret_saved;
static volatile sig_atomic_t secret_fd = -1;
static const int secret_signals[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU
};
#define NSECRET_SIGNALS (sizeof secret_signals / sizeof secret_signals[0])
static struct sigaction secret_old[NSECRET_SIGNALS];

static void
secret_echo_off(int fd)
{
	struct termios t = secret_saved;

	t.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK);
	t.c_lflag |= ECHONL;
	tcsetattr(fd, TCSANOW, &t);
}

/* Async-signal-safe: tcsetattr, sigaction, sigprocmask and raise only. */
static void
secret_signal(int sig)
{
	struct sigaction dfl;
	sigset_t set;
	int fd = secret_fd, saved_errno = errno;

	if (fd >= 0)
		tcsetattr(fd, TCSANOW, &secret_saved);
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	/* Still here: the signal stopped the process and it was continued. */
	if (fd >= 0)
		secret_echo_off(fd);
	dfl.sa_handler = secret_signal;
	sigaction(sig, &dfl, NULL);
	errno = saved_errno;
}

/* Catch the signals while echo is off, or put back what was there.  A
 * signal ignored on entry (nohup, a background job) stays ignored. */
static void
secret_handlers(bool on)
{
	static bool caught[NSECRET_SIGNALS];
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = secret_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NSECRET_SIGNALS; i++)
		sigaddset(&sa.sa_mask, secret_signals[i]);
	sa.sa_flags = SA_RESTART;	/* the read goes on after a stop */
	for (i = 0; i < NSECRET_SIGNALS; i++) {
		if (!on) {
			if (caught[i])
				sigaction(secret_signals[i], &secret_old[i], NULL);
			caught[i] = false;
			continue;
		}
		caught[i] = sigaction(secret_signals[i], NULL, &secret_old[i]) ==
		    0 && secret_old[i].sa_handler != SIG_IGN &&
		    sigaction(secret_signals[i], &sa, NULL) == 0;
	}
}

char *
pk_read_secret(const char *prompt)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int fd = fileno(stdin), saved_errno;
	bool tty = isatty(fd) && tcgetattr(fd, &secret_saved) == 0;

	if (tty) {
		fputs(prompt, stderr);
		fflush(stderr);
		secret_handlers(true);
		secret_fd = fd;
		secret_echo_off(fd);
	}
	n = getline(&line, &cap, stdin);
	saved_errno = errno;
	if (tty) {
		tcsetattr(fd, TCSANOW, &secret_saved);
		secret_fd = -1;
		secret_handlers(false);
	}
	if (n < 0) {
		free(line);
		if (ferror(stdin))
			pk_fail(PK_EX_IOERR, "<stdin>: %s", strerror(saved_errno));
		else
			pk_fail(PK_EX_USAGE, "nothing on standard input");
		return NULL;
	}
	line[strcspn(line, "\r\n")] = '\0';
	return line;
}
