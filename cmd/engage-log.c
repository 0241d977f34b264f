/*
 * engage-log - record engagements, list them, summarise a period, void
 * one logged in error.
 */
#include <stdlib.h>
#include <string.h>

#include "peerkit.h"

enum {
	OPT_PEER = PK_OPT_TOOL, OPT_DATE, OPT_HOURS, OPT_ACTIVITY, OPT_LEVEL,
	OPT_PROJECT, OPT_REGION, OPT_SITE, OPT_SUPPORT, OPT_NOTE, OPT_AMOUNT,
	OPT_NO_HONORARIUM, OPT_DRY_RUN, OPT_KEEP_GOING, OPT_LIST, OPT_PERIOD,
	OPT_UNPAID, OPT_PAID, OPT_STATUS, OPT_SUMMARY, OPT_BY, OPT_SUPPRESS,
	OPT_VOID, OPT_REASON, OPT_INPUT_FORMAT, OPT_INCIDENT, OPT_INCIDENTS,
	OPT_RATES
};

static const struct option longopts[] = {
	{"peer", required_argument, NULL, OPT_PEER},
	{"date", required_argument, NULL, OPT_DATE},
	{"hours", required_argument, NULL, OPT_HOURS},
	{"activity", required_argument, NULL, OPT_ACTIVITY},
	{"level", required_argument, NULL, OPT_LEVEL},
	{"project", required_argument, NULL, OPT_PROJECT},
	{"region", required_argument, NULL, OPT_REGION},
	{"site", required_argument, NULL, OPT_SITE},
	{"support", required_argument, NULL, OPT_SUPPORT},
	{"note", required_argument, NULL, OPT_NOTE},
	{"amount", required_argument, NULL, OPT_AMOUNT},
	{"no-honorarium", no_argument, NULL, OPT_NO_HONORARIUM},
	{"dry-run", no_argument, NULL, OPT_DRY_RUN},
	{"keep-going", no_argument, NULL, OPT_KEEP_GOING},
	{"list", no_argument, NULL, OPT_LIST},
	{"period", required_argument, NULL, OPT_PERIOD},
	{"unpaid", no_argument, NULL, OPT_UNPAID},
	{"paid", no_argument, NULL, OPT_PAID},
	{"status", required_argument, NULL, OPT_STATUS},
	{"summary", no_argument, NULL, OPT_SUMMARY},
	{"by", required_argument, NULL, OPT_BY},
	{"suppress", required_argument, NULL, OPT_SUPPRESS},
	{"void", required_argument, NULL, OPT_VOID},
	{"reason", required_argument, NULL, OPT_REASON},
	{"input-format", required_argument, NULL, OPT_INPUT_FORMAT},
	{"incident", required_argument, NULL, OPT_INCIDENT},
	{"incidents", no_argument, NULL, OPT_INCIDENTS},
	{"rates", no_argument, NULL, OPT_RATES},
	PK_COMMON_OPTS,
	{NULL, 0, NULL, 0}
};

/* For the completion scripts: the configured kinds of incident. */
static void
complete_kinds(struct pk_cli *c)
{
	size_t i;

	for (i = 0; i < c->cfg.incidents.nkinds; i++)
		puts(c->cfg.incidents.kinds[i].name);
}

/* What each option's value is, for the completion scripts. */
static const struct pk_complete comp[] = {
	{"peer", "peers", NULL, NULL}, {"date", "dates", NULL, NULL},
	{"activity", "activities", NULL, NULL}, {"level", "levels", NULL, NULL},
	{"region", "regions", NULL, NULL}, {"site", "sites", NULL, NULL},
	{"support", "supports", NULL, NULL}, {"period", "periods", NULL, NULL},
	{"status", "statuses", pk_engagement_statuses, NULL},
	{"by", "summary-keys", pk_summary_keys, NULL},
	{"input-format", "input-formats", NULL, NULL},
	{"incident", "incident-kinds", NULL, complete_kinds},
	{"", "files", NULL, NULL},
	{NULL, NULL, NULL, NULL}
};

static const struct pk_col cols[] = {
	{"id", "ID"}, {"date", "DATE"}, {"alias", "PEER"},
	{"activity", "ACTIVITY"}, {"level", "LEVEL"}, {"hours", "HOURS"},
	{"amount_due", "DUE"}, {"status", "STATUS"}, {"project", "PROJECT"},
	{NULL, NULL}
};
/* On a narrow terminal (engage-log(1), "Tables"). */
static const struct pk_fit fit[] = {
	{"project", 12}, {"alias", 16}, {"project", 0}, {"level", 0},
	{"activity", 10}, {NULL, 0}
};

static struct pk_cli cli;

/* The options, as given. */
static struct {
	const char **peers;
	size_t npeers;
	const char *date, *hours, *activity, *level, *project, *region, *site;
	const char *note, *amount, *period, *status, *by, *void_ref, *reason;
	const char *incident;
	struct pk_period per;		/* --period, read */
	json_t *supports;
	bool no_honorarium, dry_run, keep_going, list, summary, incidents, rates;
	int suppress;
	enum pk_input_format input_format;	/* of a FILE */
} o;
static const struct pk_field *const inputs[] = {pk_engagement_input, NULL};
static const struct pk_col incident_cols[] = {
	{"id", "ID"}, {"date", "DATE"}, {"alias", "PEER"}, {"kind", "KIND"},
	{"engagement_id", "ENGAGEMENT"}, {"region", "REGION"}, {NULL, NULL}
};

static size_t n_added, n_same, n_arrived_paid;

static void
usage(FILE *fp, int status)
{
	int w = (int)strlen(pk_progname);

	fprintf(fp,
	    "usage: %s [options] --peer REF ... --hours H --activity A --level L\n"
	    "       %*s [--date D] [--project TEXT] [--region R] [--site S]\n"
	    "       %*s [--support LIST] [--note TEXT] [--amount X | --no-honorarium]\n"
	    "       %s [options] [--keep-going] [--input-format F] FILE | -\n"
	    "       %s --list [--peer REF] [--period P] [--activity A] [--level L]\n"
	    "       %*s [--project TEXT] [--region R] [--site S]\n"
	    "       %*s [--unpaid | --paid | --status S] [options]\n"
	    "       %s --summary --period P [--by KEY] [--suppress N] [--rates]\n"
	    "       %*s [options]\n"
	    "       %s --summary --incidents --period P [--by KEY] [--suppress N]\n"
	    "       %*s [options]\n"
	    "       %s [options] --incident KIND --peer REF ... [--date D]\n"
	    "       %*s [--region R] [--site S] [--note TEXT]\n"
	    "       %*s [--hours H --activity A --level L ...]\n"
	    "       %s [options] --void ID --reason TEXT\n",
	    pk_progname, w, "", w, "", pk_progname, pk_progname, w, "", w, "",
	    pk_progname, w, "", pk_progname, w, "", pk_progname, w, "", w, "",
	    pk_progname);
	if (status != 0)
		return;
	fputs("\nREF is a peer's id, uuid or unique alias; give --peer again "
	    "for a group.\n"
	    "H is decimal hours (1.5) or H:MM (1:30).  KEY is peer, role, "
	    "region, site,\nactivity, level, project or month.  S is unpaid, "
	    "part-paid, paid, no-honorarium\nor void; --unpaid is what is "
	    "still owed (unpaid or part-paid).\n"
	    "KIND is a configured kind of critical incident (overdose-response, "
	    "death,\nviolence, other); with --incidents, KEY is month, region or "
	    "kind.\n"
	    "\nOptions:\n"
	    "  --amount X       the honorarium due, instead of the activity's "
	    "rate\n"
	    "  --no-honorarium  unpaid time: nothing is due\n"
	    "  --dry-run        validate and print, write nothing\n"
	    "  --keep-going     in a batch, store the good records and report "
	    "the bad\n"
	    "  --input-format F  FILE is csv or jsonl (default: csv for a "
	    "name.csv)\n"
	    "  --suppress N     hide groups of fewer than N distinct peers\n"
	    "  --incident KIND  the peers responded to a critical incident (with "
	    "or\n                   without an engagement)\n"
	    "  --incidents      with --summary: incidents and debriefs offered "
	    "in time\n"
	    "  --rates          the honorarium due per hour beside the "
	    "configured rate\n"
	    "  --json, --format table|json|jsonl|csv  --wide\n"
	    "  --bom            CSV output begins with a UTF-8 byte order mark\n"
	    "  -o, --output FILE  write to FILE (mode 0600) whole, when done\n"
	    "  --db PATH  --config PATH  --today DATE  -q, --quiet\n"
	    "  -h, --help  --version\n", fp);
}

static void
add_supports(const char *list)
{
	char *copy = pk_strdup(list), *p, *save = NULL;

	if (!o.supports && !(o.supports = json_array()))
		pk_die(PK_EX_SOFTWARE, "out of memory");
	for (p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		while (*p == ' ')
			p++;
		if (*p && json_array_append_new(o.supports, json_string(p)) != 0)
			pk_die(PK_EX_SOFTWARE, "out of memory");
	}
	free(copy);
}

static void
option(int c, const char *arg)
{
	switch (c) {
	case OPT_PEER:
		o.peers = pk_realloc(o.peers, (o.npeers + 1) * sizeof *o.peers);
		o.peers[o.npeers++] = arg;
		break;
	case OPT_DATE:
		pk_cli_date("date", arg);
		o.date = arg;
		break;
	case OPT_HOURS:
		pk_cli_hours("hours", arg);
		o.hours = arg;
		break;
	case OPT_ACTIVITY:
		o.activity = arg;
		break;
	case OPT_LEVEL:
		pk_cli_word("level", arg, pk_levels, "a level of engagement");
		o.level = arg;
		break;
	case OPT_PROJECT:
		o.project = arg;
		break;
	case OPT_REGION:
		o.region = arg;
		break;
	case OPT_SITE:
		o.site = arg;
		break;
	case OPT_SUPPORT:
		add_supports(arg);
		break;
	case OPT_NOTE:
		o.note = arg;
		break;
	case OPT_AMOUNT:
		pk_cli_money("amount", arg);
		o.amount = arg;
		break;
	case OPT_NO_HONORARIUM:
		o.no_honorarium = true;
		break;
	case OPT_DRY_RUN:
		o.dry_run = true;
		break;
	case OPT_KEEP_GOING:
		o.keep_going = true;
		break;
	case OPT_INPUT_FORMAT:
		o.input_format = pk_cli_input_format("input-format", arg);
		break;
	case OPT_LIST:
		o.list = true;
		break;
	case OPT_PERIOD:
		pk_cli_period("period", arg, &o.per);
		o.period = arg;
		break;
	case OPT_UNPAID:
		o.status = "owed";	/* unpaid or part-paid */
		break;
	case OPT_PAID:
		o.status = "paid";
		break;
	case OPT_STATUS:
		pk_cli_word("status", arg, pk_engagement_statuses,
		    "an engagement's status");
		o.status = arg;
		break;
	case OPT_SUMMARY:
		o.summary = true;
		break;
	case OPT_RATES:
		o.rates = true;
		break;
	case OPT_BY:
		if (strcmp(arg, "kind") != 0)	/* of incidents */
			pk_cli_word("by", arg, pk_summary_keys,
			    "a key to group by");
		o.by = arg;
		break;
	case OPT_SUPPRESS:
		o.suppress = (int)pk_cli_count("suppress", arg, 1, 1000000,
		    "peers");
		break;
	case OPT_VOID:
		pk_cli_record("void", arg, "an engagement");
		o.void_ref = arg;
		break;
	case OPT_REASON:
		o.reason = arg;
		break;
	case OPT_INCIDENT:
		o.incident = arg;
		break;
	case OPT_INCIDENTS:
		o.incidents = true;
		break;
	default:
		usage(stderr, PK_EX_USAGE);
		exit(PK_EX_USAGE);
	}
}

/*
 * Recording: one record per --peer, each through the same path as a
 * line of a batch.
 */

static json_t *
options_record(void)
{
	json_t *rec = json_object();

	if (!rec)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	if (o.date)
		pk_json_set(rec, "date", json_string(o.date));
	if (o.incident)
		pk_json_set(rec, "incident", json_string(o.incident));
	if (o.incident && !o.activity) {	/* an incident on its own */
		if (o.region)
			pk_json_set(rec, "region", json_string(o.region));
		if (o.site)
			pk_json_set(rec, "site", json_string(o.site));
		if (o.note)
			pk_json_set(rec, "note", json_string(o.note));
		return rec;
	}
	pk_json_set(rec, "hours", json_string(o.hours));
	pk_json_set(rec, "activity", json_string(o.activity));
	pk_json_set(rec, "level", json_string(o.level));
	if (o.project)
		pk_json_set(rec, "project", json_string(o.project));
	if (o.region)
		pk_json_set(rec, "region", json_string(o.region));
	if (o.site)
		pk_json_set(rec, "site", json_string(o.site));
	if (o.supports)
		pk_json_set(rec, "supports", json_incref(o.supports));
	if (o.note)
		pk_json_set(rec, "note", json_string(o.note));
	if (o.amount || o.no_honorarium)
		pk_json_set(rec, "amount_due", json_string(o.no_honorarium ?
		    "0.00" : o.amount));
	return rec;
}

static size_t n_incidents;

/* An incident, alone (e NULL) or with the engagement e just stored; it
 * is what is printed when it is alone or asked for (--incident). */
static int
store_incident(struct pk_batch *b, json_t *rec, const struct pk_engagement *e)
{
	struct pk_incident inc;
	bool added;
	int rc;

	if ((rc = pk_incident_from_json(cli.store, &cli.cfg, rec, e,
	    &inc)) != 0)
		return rc;
	if ((rc = pk_incident_record(cli.store, &cli.cfg, &inc, &added)) == 0) {
		n_incidents += added;
		if (added && (!e || o.incident))
			rc = pk_incident_put(b, &inc);
	}
	pk_incident_free(&inc);
	return rc;
}

/* One record stored, of a group or of a batch. */
static int
store_one(struct pk_batch *b, json_t *rec, void *g)
{
	struct pk_engagement e;
	int rc, outcome;

	if (pk_incident_alone(rec))
		return store_incident(b, rec, NULL);
	if ((rc = pk_engage_from_json(g, rec, &e)) != 0)
		return rc;
	if ((rc = pk_engage_save(g, &e, &outcome)) == 0) {
		*(outcome == PK_ENGAGE_ADDED ? &n_added : &n_same) += 1;
		n_arrived_paid += e.arrived_paid;
		if (!o.incident)
			rc = pk_engagement_put(b, &e);
	}
	if (rc == 0 && pk_incident_given(rec))
		rc = store_incident(b, rec, &e);
	pk_engagement_free(&e);
	return rc;
}

static void
tally(const struct pk_batch *b, void *arg)
{
	(void)arg;
	pk_batch_note(b, "%zu added, %zu unchanged, %zu rejected", n_added,
	    n_same, b->rejected);
	if (n_incidents)
		pk_batch_note(b, "%zu incident%s recorded", n_incidents,
		    n_incidents == 1 ? "" : "s");
	/* A merge: their payments are to follow, for the totals. */
	if (n_arrived_paid)
		pk_warn("warning: %zu engagement%s arrived paid by payments this store "
		    "does not hold: not owed here, but those payments count in "
		    "no total or T4A slip until they are imported "
		    "(honorarium-pay FILE)", n_arrived_paid,
		    n_arrived_paid == 1 ? "" : "s");
}

/*
 * Recording: one record per --peer, each through the same path as a
 * line of a batch; or a batch, FILE or -.  A batch prints its records
 * only when asked (--json, --format).
 */
static int
record(const char *path)
{
	pk_engage *g = pk_engage_new(cli.store, &cli.cfg);
	json_t *rec, **recs = pk_calloc(o.npeers, sizeof *recs);
	struct pk_batch b = {
		.store = cli.store, .path = path, .recs = recs,
		.input_format = o.input_format, .fields = inputs,
		.nrecs = path ? 0 : o.npeers, .dry_run = o.dry_run,
		.keep_going = o.keep_going, .print = !path || cli.format_set,
		.format = cli.format, .cols = cli.format != PK_FMT_TABLE ? NULL :
		o.incident ? incident_cols : cols, .fit = o.incident ? NULL : fit,
		.record = store_one,
		.tally = path ? tally : NULL, .arg = g
	};
	size_t i;
	int rc;

	if (!path) {
		pk_engage_group(g);
		for (i = 0; i < o.npeers; i++) {
			recs[i] = rec = options_record();
			pk_json_set(rec, "peer", json_string(o.peers[i]));
		}
	}
	rc = pk_batch_run(&b);
	for (i = 0; i < b.nrecs; i++)
		json_decref(recs[i]);
	free(recs);
	pk_engage_free(g);
	return rc;
}

static int
void_record(struct pk_batch *b, json_t *rec, void *arg)
{
	struct pk_engagement e;
	int rc;

	(void)rec;
	(void)arg;
	if ((rc = pk_engagement_void(cli.store, o.void_ref, o.reason, &e)) != 0)
		return rc;
	rc = pk_engagement_put(b, &e);
	pk_engagement_free(&e);
	return rc;
}

static int
void_one(void)
{
	json_t *rec = json_object();
	struct pk_batch b = {
		.store = cli.store, .recs = &rec, .nrecs = 1,
		.dry_run = o.dry_run, .print = true, .format = cli.format,
		.cols = cli.format == PK_FMT_TABLE ? cols : NULL, .fit = fit,
		.record = void_record
	};
	int rc;

	if (!rec)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	rc = pk_batch_run(&b);
	json_decref(rec);
	return rc;
}

/*
 * Listing
 */

static size_t n_listed;

static int
print_one(const struct pk_engagement *e, void *arg)
{
	json_t *j = pk_engagement_json(e);
	int rc = pk_out_rec(arg, j);

	json_decref(j);
	n_listed++;
	return rc;
}

static int
list(void)
{
	struct pk_engagement_filter f = {0};
	struct pk_peer peer;
	pk_out *out;
	int rc;

	if (o.npeers == 1) {
		if (pk_peer_resolve(cli.store, o.peers[0], &peer) != 0)
			pk_exit_error();
		f.peer_id = peer.id;
		pk_peer_free(&peer);
	}
	if (o.period) {
		f.from = o.per.from_s;
		f.to = o.per.to_s;
	}
	f.activity = o.activity;
	f.level = o.level;
	f.project = o.project;
	f.region = o.region;
	f.site = o.site;
	f.status = o.status;
	out = pk_out_new(stdout, cli.format, cli.format == PK_FMT_TABLE ?
	    cols : NULL);
	pk_out_fit(out, fit);
	rc = pk_engagement_each(cli.store, &f, print_one, out);
	if (pk_out_end(out) != 0 && rc == 0)
		rc = pk_errcode();
	if (rc != 0) {
		fprintf(stderr, "%s: %s\n", pk_progname, pk_errmsg());
		return rc;
	}
	if (n_listed == 0)
		pk_warn("no engagements match");
	return 0;
}

/*
 * The summary: for people, two tables (the figures, then the spectrum of
 * engagement); for programs, one record per group and the total.
 */

static const struct pk_col share_cols[] = {
	{"group", NULL}, {"inform", "INFORM"}, {"consult", "CONSULT"},
	{"involve", "INVOLVE"}, {"collaborate", "COLLABORATE"},
	{"empower", "EMPOWER"}, {NULL, NULL}
};
static const struct pk_fit summary_fit[] = {
	{"supports", 12}, {"group", 16}, {"supports", 0}, {NULL, 0}
};

static void
put(json_t *o_, const char *key, const char *v)
{
	pk_json_set(o_, key, pk_json_strornull(v));
}

static char *
supports_text(const struct pk_summary *sum, const struct pk_summary_row *r)
{
	char *s = pk_strdup(""), *t;
	size_t i;

	for (i = 0; i < sum->supports.n; i++) {
		if (r->supports[i] == 0)
			continue;
		t = pk_asprintf("%s%s%s %lld", s, *s ? ", " : "",
		    sum->supports.v[i], (long long)r->supports[i]);
		free(s);
		s = t;
	}
	return s;
}

static const char *
group_label(const struct pk_summary_row *r)
{
	return r->total ? "total" : r->group ? r->group : "(none)";
}

/* --rates: due per hour, the configured rate, and a flag below it. */
static void
rates_row(json_t *t, const struct pk_summary_row *r)
{
	int64_t rate, configured;
	bool below = pk_summary_rate(r, &rate, &configured);
	char buf[PK_MONEY_BUFSZ];

	put(t, "rate", rate < 0 ? NULL : pk_money_fmt(rate, buf));
	put(t, "configured_rate", configured < 0 ? NULL :
	    pk_money_fmt(configured, buf));
	put(t, "below", below ? "below" : NULL);
}

/* The figures of one row, as text for the first table. */
static json_t *
figures_row(const struct pk_summary *sum, const struct pk_summary_row *r)
{
	json_t *t = json_object();
	char buf[64], *s;

	if (!t)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	put(t, "group", group_label(r));
	if (r->suppressed) {
		struct pk_cell c = {r->peers, r->protects ? PK_HIDDEN_OTHER :
		    PK_HIDDEN_SMALL};

		put(t, "peers", pk_cell_text(&c, sum->suppress, 0, buf));
		return t;
	}
	snprintf(buf, sizeof buf, "%lld", (long long)r->engagements);
	put(t, "engagements", buf);
	snprintf(buf, sizeof buf, "%lld", (long long)r->peers);
	put(t, "peers", buf);
	put(t, "hours", pk_hours_fmt(r->minutes, buf));
	put(t, "due", pk_money_fmt(r->due, buf));
	put(t, "paid", pk_money_fmt(r->paid, buf));
	put(t, "outstanding", pk_money_fmt(r->due - r->paid, buf));
	if (sum->rates)
		rates_row(t, r);
	s = supports_text(sum, r);
	put(t, "supports", s);
	free(s);
	return t;
}

static json_t *
shares_row(const struct pk_summary *sum, const struct pk_summary_row *r)
{
	json_t *t = json_object();
	char buf[PK_SHARE_BUFSZ];
	int i;

	(void)sum;
	if (!t)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	put(t, "group", group_label(r));
	for (i = 0; i < PK_LEVELS && !r->suppressed && r->engagements; i++)
		put(t, pk_levels[i], pk_share_fmt(r->levels[i], r->engagements,
		    buf));
	return t;
}

static int
summary_table(const struct pk_summary *sum, json_t *(*row)(
    const struct pk_summary *, const struct pk_summary_row *),
    const struct pk_col *tcols)
{
	pk_out *out = pk_out_new(stdout, PK_FMT_TABLE, tcols);
	pk_out_fit(out, summary_fit);
	json_t *t;
	size_t i;
	int rc = 0;

	for (i = 0; i < sum->n && rc == 0; i++) {
		t = row(sum, &sum->rows[i]);
		rc = pk_out_rec(out, t);
		json_decref(t);
	}
	if (pk_out_end(out) != 0 && rc == 0)
		rc = pk_errcode();
	return rc;
}

static int
summary_tables(const struct pk_summary *sum)
{
	char title[32];
	struct pk_col fcols[] = {
		{"group", title}, {"engagements", "ENGAGEMENTS"},
		{"peers", "PEERS"}, {"hours", "HOURS"}, {"due", "DUE"},
		{"paid", "PAID"}, {"outstanding", "OUTSTANDING"},
		{"supports", "SUPPORTS"}, {NULL, NULL}, {NULL, NULL},
		{NULL, NULL}, {NULL, NULL}
	};
	/* --rates: three more columns, in place of the supports. */
	static const struct pk_col rcols[] = {
		{"rate", "RATE/H"}, {"configured_rate", "CONFIGURED/H"},
		{"below", "BELOW"}, {"supports", "SUPPORTS"}
	};
	struct pk_col scols[sizeof share_cols / sizeof share_cols[0]];
	size_t i;
	int rc;

	snprintf(title, sizeof title, "%s", sum->by ? sum->by : "all");
	for (i = 0; title[i]; i++)
		title[i] = (char)(title[i] >= 'a' && title[i] <= 'z' ?
		    title[i] - 32 : title[i]);
	if (sum->rates)
		memcpy(&fcols[7], rcols, sizeof rcols);
	memcpy(scols, share_cols, sizeof scols);
	scols[0].title = title;
	printf("Engagements from %s to %s%s%s, void ones left out", sum->from,
	    sum->to, sum->by ? " by " : "", sum->by ? sum->by : "");
	if (sum->suppress)
		printf("; groups of fewer than %d peers suppressed", sum->suppress);
	printf(".\n\n");
	if ((rc = summary_table(sum, figures_row, fcols)) != 0)
		return rc;
	printf("\nShare of engagements at each level of the spectrum (%%):\n\n");
	return summary_table(sum, shares_row, scols);
}

/* Incidents: one table, or one record per group and the total.  Unless
 * --suppress says otherwise, small groups are hidden as the program
 * report hides them (report.suppress): these figures are about peers'
 * wellbeing. */
static int
incident_summary(void)
{
	static const struct pk_col icols[] = {
		{"group", "GROUP"}, {"incidents", "INCIDENTS"}, {"peers", "PEERS"},
		{"debriefs", "DEBRIEFS"}, {"debriefs_in_time", "IN TIME"},
		{"debrief_share", "SHARE %"}, {NULL, NULL}
	};
	struct pk_incident_summary sum;
	bool text = cli.format == PK_FMT_TABLE;
	pk_out *out;
	json_t *j;
	size_t i;
	int rc = 0;

	if (pk_incident_summary(cli.store, &o.per, o.by, o.suppress ?
	    o.suppress : cli.cfg.report_suppress, &sum) != 0)
		pk_exit_error();
	if (text) {
		printf("Incidents from %s to %s%s%s; a debrief in time is done or "
		    "declined by its day", sum.from, sum.to, sum.by ? " by " :
		    "", sum.by ? sum.by : "");
		if (sum.suppress)
			printf("; groups of fewer than %d peers suppressed",
			    sum.suppress);
		printf(".\n\n");
	}
	out = pk_out_new(stdout, cli.format, text ? icols : NULL);
	for (i = 0; i <= sum.n && rc == 0; i++) {
		j = pk_incident_summary_json(&sum, i < sum.n ? &sum.rows[i] :
		    &sum.total, text);
		rc = pk_out_rec(out, j);
		json_decref(j);
	}
	if (pk_out_end(out) != 0 && rc == 0)
		rc = pk_errcode();
	pk_incident_summary_free(&sum);
	if (rc != 0)
		fprintf(stderr, "%s: %s\n", pk_progname, pk_errmsg());
	return rc;
}

static int
summary(void)
{
	struct pk_summary sum;
	pk_out *out;
	json_t *j;
	size_t i;
	int rc = 0;

	if ((o.rates ? pk_engagement_rates : pk_engagement_summary)(cli.store,
	    &cli.cfg, &o.per, o.by, o.suppress, &sum) != 0)
		pk_exit_error();
	if (cli.format == PK_FMT_TABLE) {
		rc = summary_tables(&sum);
	} else {
		out = pk_out_new(stdout, cli.format, NULL);
		for (i = 0; i < sum.n && rc == 0; i++) {
			j = pk_summary_json(&sum, &sum.rows[i]);
			rc = pk_out_rec(out, j);
			json_decref(j);
		}
		if (pk_out_end(out) != 0 && rc == 0)
			rc = pk_errcode();
	}
	pk_summary_free(&sum);
	if (rc != 0)
		fprintf(stderr, "%s: %s\n", pk_progname, pk_errmsg());
	return rc;
}

/*
 * The ways it runs and the options each takes (pk_cli_mode).
 */
static const int record_takes[] = {
	OPT_PEER, OPT_DATE, OPT_HOURS, OPT_ACTIVITY, OPT_LEVEL, OPT_PROJECT,
	OPT_REGION, OPT_SITE, OPT_SUPPORT, OPT_NOTE, OPT_AMOUNT,
	OPT_NO_HONORARIUM, OPT_DRY_RUN, OPT_INCIDENT, 0
};
/* --hours, --activity and --level too, unless it is an --incident
 * alone (main). */
static const int record_needs[] = {OPT_PEER, 0};
static const int file_takes[] = {
	OPT_DRY_RUN, OPT_KEEP_GOING, OPT_INPUT_FORMAT, 0
};
static const int list_by[] = {OPT_LIST, 0};
static const int list_takes[] = {
	OPT_PEER, OPT_PERIOD, OPT_ACTIVITY, OPT_LEVEL, OPT_PROJECT,
	OPT_REGION, OPT_SITE, OPT_UNPAID, OPT_PAID, OPT_STATUS, 0
};
static const int summary_by[] = {OPT_SUMMARY, 0};
static const int summary_takes[] = {
	OPT_PERIOD, OPT_BY, OPT_SUPPRESS, OPT_INCIDENTS, OPT_RATES, 0
};

static const int summary_needs[] = {OPT_PERIOD, 0};
static const int void_by[] = {OPT_VOID, 0};
static const int void_takes[] = {OPT_REASON, OPT_DRY_RUN, 0};
static const int void_needs[] = {OPT_REASON, 0};
enum { M_RECORD, M_FILE, M_LIST, M_SUMMARY, M_VOID };
static const struct pk_mode modes[] = {
	[M_RECORD] = {"a new engagement", NULL, PK_MODE_DEFAULT, record_takes,
	    record_needs},
	[M_FILE] = {"a FILE", NULL, PK_MODE_OPERAND, file_takes, NULL},
	[M_LIST] = {"--list", list_by, 0, list_takes, NULL},
	[M_SUMMARY] = {"--summary", summary_by, 0, summary_takes,
	    summary_needs},
	[M_VOID] = {"--void", void_by, 0, void_takes, void_needs},
	{NULL, NULL, 0, NULL, NULL}
};

static void
need_engagement(void)
{
	if (!o.hours)
		pk_usage_error(&cli, "a new engagement needs --hours");
	if (!o.activity)
		pk_usage_error(&cli, "a new engagement needs --activity");
	if (!o.level)
		pk_usage_error(&cli, "a new engagement needs --level");
}

int
main(int argc, char *argv[])
{
	int c, m, rc;

	pk_cli_init(&cli, argc, argv, longopts, usage);
	pk_cli_complete(&cli, comp);
	while ((c = getopt_long(argc, argv, PK_SHORT_OPTS, longopts, NULL)) != -1) {
		if (!pk_cli_option(&cli, c, optarg))
			option(c, optarg);
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		pk_usage_error(&cli, "one FILE at a time");
	m = (int)(pk_cli_mode(&cli, modes, argc) - modes);
	if (m == M_LIST && o.npeers > 1)
		pk_usage_error(&cli, "one --peer with --list");
	if (o.amount && o.no_honorarium)
		pk_usage_error(&cli, "--amount and --no-honorarium do not go "
		    "together");
	/* An engagement, with an incident or not, has all of these. */
	if (m == M_RECORD && (!o.incident || o.hours || o.activity ||
	    o.level))
		need_engagement();
	if (m == M_RECORD && !o.activity && (o.project || o.supports ||
	    o.amount || o.no_honorarium))
		pk_usage_error(&cli, "--project, --support, --amount and "
		    "--no-honorarium go with an engagement");
	if (m == M_SUMMARY && o.by && strcmp(o.by, "kind") == 0)
		o.incidents = true;
	if (m == M_SUMMARY && o.incidents && o.rates)
		pk_usage_error(&cli, "--rates are of engagements, not "
		    "--incidents");
	if (m == M_SUMMARY && o.incidents && o.by && !pk_oneof(o.by,
	    pk_incident_summary_keys))
		pk_usage_error(&cli, "--incidents are summarised by month, "
		    "region or kind");
	pk_cli_open(&cli, m == M_LIST || m == M_SUMMARY ? PK_STORE_READ :
	    o.dry_run ? PK_STORE_DRYRUN : PK_STORE_WRITE);
	if (m == M_LIST)
		rc = list();
	else if (m == M_SUMMARY)
		rc = o.incidents ? incident_summary() : summary();
	else if (m == M_VOID)
		rc = void_one();
	else
		rc = record(argc == 1 ? argv[0] : NULL);
	json_decref(o.supports);
	free(o.peers);
	return pk_cli_close(&cli, rc);
}
