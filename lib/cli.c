/*
 * cli.c - what every binary shares: the common options, opening the
 * config and the store, answering the completion scripts, usage errors.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

static const char *const levels[] = {
	"inform", "consult", "involve", "collaborate", "empower", NULL
};
static const char *const kinds[] = {"honorarium", "reimbursement", NULL};
static const char *const categories[] = {
	"transit", "childcare", "meal", "other", NULL
};
static const char *const formats[] = {"table", "json", "jsonl", "csv", NULL};
static const char *const statuses[] = {"active", "inactive", NULL};
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
	cli->format = PK_FMT_TABLE;
}

static void
print_words(const char *const *w)
{
	for (; *w; w++)
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

/* For the completion scripts: candidates, one per line, never an error. */
static _Noreturn void
complete(struct pk_cli *cli, const char *what)
{
	const struct option *o;
	struct pk_peer_filter f = {0};	/* all: --reactivate wants the inactive */
	size_t i;
	char *path;

	pk_quiet = 1;
	if (pk_config_load(&cli->cfg, cli->config_path) != 0)
		exit(0);
	if (strcmp(what, "options") == 0) {
		for (o = cli->longopts; o && o->name; o++)
			if (strcmp(o->name, "complete") != 0)
				printf("--%s\n", o->name);
	} else if (strcmp(what, "roles") == 0) {
		print_list(&cli->cfg.roles);
	} else if (strcmp(what, "regions") == 0) {
		print_list(&cli->cfg.regions);
	} else if (strcmp(what, "sites") == 0) {
		print_list(&cli->cfg.sites);
	} else if (strcmp(what, "supports") == 0) {
		print_list(&cli->cfg.supports);
	} else if (strcmp(what, "activities") == 0) {
		for (i = 0; i < cli->cfg.nrates; i++)
			puts(cli->cfg.rates[i].activity);
	} else if (strcmp(what, "programs") == 0) {
		for (i = 0; i < cli->cfg.nbenefits; i++)
			if (i == 0 || strcmp(cli->cfg.benefits[i].name,
			    cli->cfg.benefits[i - 1].name) != 0)
				puts(cli->cfg.benefits[i].name);
	} else if (strcmp(what, "levels") == 0) {
		print_words(levels);
	} else if (strcmp(what, "methods") == 0) {
		print_words(pk_pay_methods);
	} else if (strcmp(what, "kinds") == 0) {
		print_words(kinds);
	} else if (strcmp(what, "categories") == 0) {
		print_words(categories);
	} else if (strcmp(what, "formats") == 0) {
		print_words(formats);
	} else if (strcmp(what, "statuses") == 0) {
		print_words(statuses);
	} else if (strcmp(what, "periods") == 0) {
		print_words(periods);
	} else if (strcmp(what, "provinces") == 0) {
		print_words(pk_provinces);
	} else if (strcmp(what, "peers") == 0) {
		path = pk_store_path(cli->db);
		if (path && pk_store_open(&cli->store, path, PK_STORE_READ) == 0)
			pk_peer_each(cli->store, &f, print_alias, NULL);
		free(path);
		pk_store_close(cli->store);
	}
	pk_config_free(&cli->cfg);
	fflush(stdout);
	exit(0);
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
			pk_usage_error(cli, "%s", pk_errmsg());
		return true;
	case PK_OPT_JSON:
		cli->format = PK_FMT_JSONL;
		cli->format_set = true;
		return true;
	case PK_OPT_FORMAT:
		if (pk_format_parse(arg, &cli->format) != 0)
			pk_usage_error(cli, "%s", pk_errmsg());
		cli->format_set = true;
		return true;
	case 'q':
		pk_quiet = 1;
		return true;
	case 'h':
		cli->usage(stdout, 0);
		exit(0);
	case PK_OPT_VERSION:
		printf("%s (peerkit) %s\n", pk_progname, PK_VERSION);
		exit(pk_fshut(stdout, "<stdout>") ? PK_EX_IOERR : 0);
	case PK_OPT_COMPLETE:
		complete(cli, arg);
	case '?':
		cli->usage(stderr, PK_EX_USAGE);
		exit(PK_EX_USAGE);
	default:
		return false;
	}
}

void
pk_cli_open(struct pk_cli *cli, int mode)
{
	char *path;

	if (pk_config_load(&cli->cfg, cli->config_path) != 0)
		pk_exit_error();
	if (!(path = pk_store_path(cli->db)))
		pk_exit_error();
	if (pk_store_open(&cli->store, path, mode) != 0) {
		free(path);
		pk_exit_error();
	}
	free(path);
}

int
pk_cli_close(struct pk_cli *cli, int status)
{
	bool stored = pk_store_committed(cli->store);

	pk_store_close(cli->store);
	cli->store = NULL;
	pk_config_free(&cli->cfg);
	if (pk_fshut(stdout, "<stdout>") != 0) {
		fprintf(stderr, "%s: %s%s\n", pk_progname, pk_errmsg(), stored ?
		    PK_OUTPUT_LOST : "");
		return PK_EX_IOERR;
	}
	return status;
}

void
pk_usage_error(struct pk_cli *cli, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", pk_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cli->usage(stderr, PK_EX_USAGE);
	exit(PK_EX_USAGE);
}
