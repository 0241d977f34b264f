/*
 * report.c - a program's month (or any period) on one page: the headline
 * figures, engagements by level over twelve months, honoraria and peers
 * by region, site and role, supports, onboarding due, and the peers near
 * a benefit limit or short of what a T4A slip needs.
 *
 * Every figure is asked of the function the other tools ask: the
 * summary (engage-log --summary), the payments of a period under the
 * taxable rule (honorarium-pay --totals), the onboarding states
 * (onboard-check --all), T4A readiness (t4a-report) and the benefit
 * rule (honorarium-pay's warnings).  Nothing here decides what is
 * taxable, ready, due or near a limit.  Every cell then goes through
 * pk_suppress, the one rule for small cells.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * The summaries: the period's total and its tables by region, site and
 * role in one pass, then the twelve months that end with the period's
 * last, each by level, in another (the first joins the peers for the
 * role, the second has ten times the rows and needs no join).
 */
static int
summaries(pk_store *s, const struct pk_config *cfg, const struct pk_period *p,
    struct pk_report *r)
{
	struct pk_summary_ask ask[PK_REPORT_MONTHS] = {
		{p, NULL, &r->total, false}, {p, "region", &r->by_region, false},
		{p, "site", &r->by_site, false}, {p, "role", &r->by_role, false}
	};
	struct pk_period mp[PK_REPORT_MONTHS];
	int y, m, d, i, rc;
	pk_day first;

	if ((rc = pk_engagement_summaries(s, cfg, ask, 4, r->suppress)) != 0)
		return rc;
	pk_date_split(p->to, &y, &m, &d);
	memset(mp, 0, sizeof mp);
	for (i = 0; i < PK_REPORT_MONTHS; i++) {
		first = pk_date_add_months(pk_date_ymd(y, m, 1),
		    i - (PK_REPORT_MONTHS - 1));
		pk_date_fmt(first, mp[i].from_s);
		pk_date_fmt(pk_date_add_months(first, 1) - 1, mp[i].to_s);
		snprintf(r->month[i], sizeof r->month[i], "%.7s", mp[i].from_s);
		ask[i] = (struct pk_summary_ask){&mp[i], "level",
		    &r->by_month[i], true};
	}
	return pk_engagement_summaries(s, cfg, ask, PK_REPORT_MONTHS,
	    r->suppress);
}

/* Peers whose first engagement (not void) falls in the period. */
static int
new_peers(pk_store *s, const struct pk_period *p, int64_t *n)
{
	/* The period's peers first (date index), then one probe of the
	 * peer index each for an earlier engagement. */
	static const char sql[] = "SELECT count(*) FROM (SELECT DISTINCT "
	    "peer_id FROM engagements WHERE date BETWEEN ?1 AND ?2 AND "
	    "status = 'logged') e WHERE NOT EXISTS (SELECT 1 FROM engagements "
	    "o WHERE o.peer_id = e.peer_id AND o.date < ?1 AND "
	    "o.status = 'logged')";
	pk_q *st = pk_stmt(s, sql);
	int rc;

	pk_bind_text(st, 1, p->from_s);
	pk_bind_text(st, 2, p->to_s);
	if ((rc = pk_step(st)) == PK_ROW)
		*n = pk_col_int64(st, 0);
	pk_reset(st);
	return rc == PK_ROW ? 0 : pk_sql_fail(s, "count new peers");
}

struct due_count {
	pk_day today;
	struct pk_report *r;
};

static int
count_due(const struct pk_peer *p, const struct pk_onboard_state *st,
    void *arg)
{
	struct due_count *c = arg;
	int i;

	(void)p;
	for (i = 0; i < PK_REPORT_WITHIN; i++)
		c->r->onboarding[i].v += pk_onboard_action_within(st, c->today,
		    c->r->within[i]);
	return 0;
}

/* What onboard-check --all --within N lists, for 30, 60 and 90 days:
 * one walk with the widest window, each state counted in every window
 * it calls for action in. */
static int
onboarding(pk_store *s, const struct pk_config *cfg, struct pk_report *r)
{
	static const int within[PK_REPORT_WITHIN] = {30, 60, 90};
	struct pk_peer_filter f = {.status = "active"};
	struct due_count c = {pk_today(), r};
	struct pk_checklist cl;
	int i, rc;

	if ((rc = pk_checklist_load(&cl, cfg)) != 0)
		return rc;
	for (i = 0; i < PK_REPORT_WITHIN; i++)
		r->within[i] = within[i];
	rc = pk_onboard_each(s, &cl, &f, within[PK_REPORT_WITHIN - 1],
	    count_due, &c);
	for (i = 0; i < PK_REPORT_WITHIN; i++)
		r->onboarding[i].cell.people = r->onboarding[i].v;
	pk_checklist_free(&cl);
	return rc;
}

/* Peers on a benefit program whose taxable year (pk_payment_taxable)
 * reaches 75% of its annual limit, or the limit (pk_benefit_annual): only
 * the peers on a program are asked, each over the covering index. */
static int
near_limit(pk_store *s, const struct pk_config *cfg, int year, int64_t *n)
{
	static const char sql[] = "SELECT id, benefit_program FROM peers "
	    "WHERE benefit_program IS NOT NULL AND benefit_program != ''";
	pk_q *st = pk_stmt(s, sql);
	char from[PK_DATE_BUFSZ], to[PK_DATE_BUFSZ];
	const struct pk_benefit *b;
	int64_t cents;
	int rc, done = 0;

	snprintf(from, sizeof from, "%04d-01-01", year);
	snprintf(to, sizeof to, "%04d-12-31", year);
	/* Each peer's sum is its own statement: st stays where it is. */
	while ((rc = pk_step(st)) == PK_ROW) {
		b = pk_config_benefit(cfg, pk_col_text(st,
		    1), year);
		if (!b || b->annual_limit <= 0)
			continue;
		if ((done = pk_payment_taxable(s, pk_col_int64(st, 0),
		    from, to, &cents)) != 0)
			break;
		*n += pk_benefit_annual(b, cents) != PK_LIMIT_UNDER;
	}
	pk_reset(st);
	if (done != 0)
		return done;
	return rc == PK_DONE ? 0 : pk_sql_fail(s, "read benefit programs");
}

static void
figure(struct pk_figure *f, int64_t v)
{
	f->v = v;
	f->cell.people = v;
}

/* Critical incidents: their count, hidden as the peers who responded
 * are few, and the share of debriefs offered in time. */
static int
incidents(pk_store *s, const struct pk_period *p, struct pk_report *r)
{
	struct pk_incident_summary sum;
	int rc;

	if ((rc = pk_incident_summary(s, p, NULL, 0, &sum)) != 0)
		return rc;
	r->incidents.v = sum.total.incidents;
	r->incidents.cell.people = sum.total.peers;
	r->debriefs = sum.total.debriefs;
	r->debriefs_in_time = sum.total.in_time;
	pk_incident_summary_free(&sum);
	return 0;
}

/* The share of debriefs in time as text: "hidden" when the incidents'
 * cell is (the count beside it says why; "<3" here would read as a
 * share under 3%); "-" when no debrief was asked for. */
const char *
pk_report_debriefs(const struct pk_report *r, char *buf)
{
	if (r->incidents.cell.hide != PK_SHOWN)
		return "hidden";
	if (r->debriefs == 0)
		return "-";
	return pk_share_fmt(r->debriefs_in_time, r->debriefs, buf);
}

/* The small-cell rule over every figure that stands alone. */
static void
hide_figures(struct pk_report *r)
{
	struct pk_figure *alone[] = {
		&r->new_peers, &r->near_limit, &r->t4a_unready,
		&r->onboarding[0], &r->onboarding[1], &r->onboarding[2],
		&r->incidents
	};
	const struct pk_summary_row *t = &r->total.rows[r->total.n - 1];
	size_t i;

	for (i = 0; i < sizeof alone / sizeof alone[0]; i++)
		pk_suppress(&alone[i]->cell, 1, r->suppress, false, NULL, NULL);
	/* The program's own figures stand or fall with its total. */
	r->engaged.people = t->peers;
	r->engaged.hide = t->suppressed ? PK_HIDDEN_SMALL : PK_SHOWN;
	r->paid_cell.people = r->pay.peers_paid;
	pk_suppress(&r->paid_cell, 1, r->suppress, false, NULL, NULL);
	for (i = 0; i <= PK_PAY_NCATEGORIES; i++)
		r->reimbursed[i].people = r->pay.reimbursed_peers[i];
	pk_suppress(r->reimbursed, PK_PAY_NCATEGORIES + 1, r->suppress, false,
	    NULL, NULL);
	r->supports = pk_calloc(r->total.supports.n + 1, sizeof *r->supports);
	for (i = 0; i < r->total.supports.n; i++)
		r->supports[i].people = t->supports[i];
	pk_suppress(r->supports, r->total.supports.n, r->suppress, false,
	    NULL, NULL);
}

int
pk_report_make(pk_store *s, const struct pk_config *cfg,
    const struct pk_period *p, int suppress, struct pk_report *r)
{
	int64_t unready = 0, fresh = 0, near = 0;
	int year, m, d, rc;

	memset(r, 0, sizeof *r);
	memcpy(r->from, p->from_s, sizeof r->from);
	memcpy(r->to, p->to_s, sizeof r->to);
	r->suppress = suppress > 1 ? suppress : 0;
	pk_date_split(p->to, &year, &m, &d);
	r->year = year;
	if ((rc = summaries(s, cfg, p, r)) != 0 ||
	    (rc = new_peers(s, p, &fresh)) != 0 ||
	    (rc = pk_payment_period(s, p, &r->pay)) != 0 ||
	    (rc = onboarding(s, cfg, r)) != 0 ||
	    (rc = near_limit(s, cfg, year, &near)) != 0 ||
	    (rc = pk_t4a_unready(s, cfg, year, &unready)) != 0) {
		pk_report_free(r);
		return rc;
	}
	figure(&r->new_peers, fresh);
	figure(&r->near_limit, near);
	figure(&r->t4a_unready, unready);
	if ((rc = incidents(s, p, r)) != 0) {
		pk_report_free(r);
		return rc;
	}
	hide_figures(r);
	return 0;
}

void
pk_report_free(struct pk_report *r)
{
	int i;

	pk_summary_free(&r->total);
	pk_summary_free(&r->by_region);
	pk_summary_free(&r->by_site);
	pk_summary_free(&r->by_role);
	for (i = 0; i < PK_REPORT_MONTHS; i++)
		pk_summary_free(&r->by_month[i]);
	free(r->supports);
	r->supports = NULL;
}

/* The row of a month's summary for level i; NULL when none was logged. */
const struct pk_summary_row *
pk_report_level(const struct pk_summary *sum, int level)
{
	size_t i;

	for (i = 0; i + 1 < sum->n; i++)
		if (sum->rows[i].group &&
		    strcmp(sum->rows[i].group, pk_levels[level]) == 0)
			return &sum->rows[i];
	return NULL;
}

const struct pk_summary_row *
pk_report_total(const struct pk_summary *sum)
{
	return &sum->rows[sum->n - 1];
}

struct pk_cell
pk_report_row_cell(const struct pk_summary_row *row)
{
	struct pk_cell c = {0, PK_SHOWN};

	if (row) {
		c.people = row->peers;
		c.hide = !row->suppressed ? PK_SHOWN : row->protects ?
		    PK_HIDDEN_OTHER : PK_HIDDEN_SMALL;
	}
	return c;
}

/*
 * The report as JSON: a hidden cell is null, and its key is in the
 * "hidden" object beside it with the reason (small, complementary).
 */
static json_t *
jcheck(json_t *v)
{
	if (!v)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	return v;
}

static void
j_hide(json_t *hidden, const char *key, const struct pk_cell *c)
{
	if (hidden && c->hide != PK_SHOWN)
		pk_json_set(hidden, key, jcheck(json_string(
		    pk_hide_names[c->hide])));
}

static void
j_count(json_t *o, json_t *hidden, const char *key, const struct pk_cell *c,
    int64_t v)
{
	j_hide(hidden, key, c);
	pk_json_set(o, key, c->hide != PK_SHOWN ? json_null() :
	    jcheck(json_integer(v)));
}

static void
j_money(json_t *o, json_t *hidden, const char *key, const struct pk_cell *c,
    int64_t cents)
{
	j_hide(hidden, key, c);
	pk_json_set(o, key, c->hide != PK_SHOWN ? json_null() :
	    pk_money_json(cents));
}

static const char *
category_name(size_t i)
{
	return i < PK_PAY_NCATEGORIES ? pk_pay_categories[i] : "none";
}

static json_t *
figures_json(const struct pk_report *r, json_t *hidden)
{
	const struct pk_summary_row *t = pk_report_total(&r->total);
	json_t *o = jcheck(json_object()), *re = jcheck(json_object());
	json_t *ob = jcheck(json_object());
	char buf[PK_SHARE_BUFSZ], key[40];
	size_t i;

	j_count(o, hidden, "peers_engaged", &r->engaged, t->peers);
	j_count(o, hidden, "new_peers", &r->new_peers.cell, r->new_peers.v);
	j_count(o, hidden, "engagements", &r->engaged, t->engagements);
	j_count(o, hidden, "minutes", &r->engaged, t->minutes);
	j_hide(hidden, "hours", &r->engaged);
	pk_json_set(o, "hours", r->engaged.hide ? json_null() :
	    jcheck(json_string(pk_hours_fmt(t->minutes, buf))));
	j_money(o, hidden, "due", &r->engaged, t->due);
	j_money(o, hidden, "still_owed", &r->engaged, t->due - t->paid);
	j_count(o, hidden, "peers_paid", &r->paid_cell, r->pay.peers_paid);
	j_money(o, hidden, "honoraria_paid", &r->paid_cell, r->pay.honoraria);
	j_money(o, hidden, "honoraria_cash", &r->paid_cell, r->pay.cash);
	j_hide(hidden, "cash_share", &r->paid_cell);
	pk_json_set(o, "cash_share", r->paid_cell.hide || !r->pay.honoraria ?
	    json_null() : jcheck(json_string(pk_share_fmt(r->pay.cash,
	    r->pay.honoraria, buf))));
	for (i = 0; i <= PK_PAY_NCATEGORIES; i++) {
		if (i == PK_PAY_NCATEGORIES && !r->pay.reimbursed_peers[i])
			break;
		snprintf(key, sizeof key, "reimbursements.%s", category_name(i));
		j_hide(hidden, key, &r->reimbursed[i]);
		pk_json_set(re, category_name(i), r->reimbursed[i].hide ?
		    json_null() : pk_money_json(r->pay.reimbursed[i]));
	}
	pk_json_set(o, "reimbursements", re);
	for (i = 0; i < PK_REPORT_WITHIN; i++) {
		snprintf(key, sizeof key, "%d", r->within[i]);
		j_count(ob, NULL, key, &r->onboarding[i].cell,
		    r->onboarding[i].v);
		snprintf(key, sizeof key, "onboarding_due.%d", r->within[i]);
		j_hide(hidden, key, &r->onboarding[i].cell);
	}
	pk_json_set(o, "onboarding_due", ob);
	j_count(o, hidden, "benefit_past_75", &r->near_limit.cell,
	    r->near_limit.v);
	j_count(o, hidden, "t4a_not_ready", &r->t4a_unready.cell,
	    r->t4a_unready.v);
	j_count(o, hidden, "incidents", &r->incidents.cell, r->incidents.v);
	j_hide(hidden, "debriefs_in_time_share", &r->incidents.cell);
	pk_json_set(o, "debriefs_in_time_share", r->incidents.cell.hide !=
	    PK_SHOWN || r->debriefs == 0 ? json_null() : jcheck(json_string(
	    pk_share_fmt(r->debriefs_in_time, r->debriefs, buf))));
	return o;
}

static json_t *
month_json(const struct pk_report *r, int i)
{
	const struct pk_summary *sum = &r->by_month[i];
	const struct pk_summary_row *t = pk_report_total(sum);
	json_t *o = jcheck(json_object()), *hidden = jcheck(json_object());
	struct pk_cell c = pk_report_row_cell(t);
	int l;

	pk_json_set(o, "month", jcheck(json_string(r->month[i])));
	j_count(o, hidden, "engagements", &c, t->engagements);
	j_count(o, hidden, "peers", &c, t->peers);
	for (l = 0; l < PK_LEVELS; l++) {
		const struct pk_summary_row *row = pk_report_level(sum, l);

		c = pk_report_row_cell(row);
		j_count(o, hidden, pk_levels[l], &c, row ? row->engagements : 0);
	}
	pk_json_set(o, "hidden", hidden);
	return o;
}

static json_t *
table_json(const struct pk_summary *sum)
{
	json_t *a = jcheck(json_array()), *o;
	char key[256];
	struct pk_cell c;
	size_t i, j;
	int l;

	for (i = 0; i < sum->n; i++) {
		o = pk_summary_json(sum, &sum->rows[i]);
		/* The report's tables show the figures of each group, not
		 * their breakdown, whose cells would be smaller still. */
		for (l = 0; l < PK_LEVELS; l++) {
			snprintf(key, sizeof key, "%s_share", pk_levels[l]);
			json_object_del(o, pk_levels[l]);
			json_object_del(o, key);
		}
		for (j = 0; j < sum->supports.n; j++) {
			snprintf(key, sizeof key, "support_%s", sum->supports.v[j]);
			json_object_del(o, key);
		}
		c = pk_report_row_cell(&sum->rows[i]);
		pk_json_set(o, "hidden", c.hide ? jcheck(json_string(
		    pk_hide_names[c.hide])) : json_null());
		if (json_array_append_new(a, o) != 0)
			pk_die(PK_EX_SOFTWARE, "out of memory");
	}
	return a;
}

json_t *
pk_report_json(const struct pk_report *r)
{
	json_t *o = jcheck(json_object()), *hidden = jcheck(json_object());
	json_t *a = jcheck(json_array()), *sup = jcheck(json_object());
	size_t i;

	pk_json_set(o, "from", jcheck(json_string(r->from)));
	pk_json_set(o, "to", jcheck(json_string(r->to)));
	pk_json_set(o, "year", jcheck(json_integer(r->year)));
	pk_json_set(o, "suppress", jcheck(json_integer(r->suppress)));
	pk_json_set(o, "figures", figures_json(r, hidden));
	for (i = 0; i < r->total.supports.n; i++) {
		char key[200];

		j_count(sup, NULL, r->total.supports.v[i], &r->supports[i],
		    r->supports[i].people);
		snprintf(key, sizeof key, "supports.%s", r->total.supports.v[i]);
		j_hide(hidden, key, &r->supports[i]);
	}
	pk_json_set(o, "supports", sup);
	pk_json_set(o, "hidden", hidden);
	for (i = 0; i < PK_REPORT_MONTHS; i++)
		if (json_array_append_new(a, month_json(r, (int)i)) != 0)
			pk_die(PK_EX_SOFTWARE, "out of memory");
	pk_json_set(o, "months", a);
	pk_json_set(o, "by_region", table_json(&r->by_region));
	pk_json_set(o, "by_site", table_json(&r->by_site));
	pk_json_set(o, "by_role", table_json(&r->by_role));
	return o;
}

/*
 * The report as text, for a mail body: 80 columns, a hidden cell shown
 * as "<N" or "hidden" (pk_cell_text), never as a count.
 */
#define NAME_COLS 22

/* A count, or money (cents, with money), as its cell shows it. */
static const char *
cell_str(const struct pk_report *r, const struct pk_cell *c, int64_t v,
    bool money, char *buf)
{
	if (c->hide != PK_SHOWN || !money)
		return pk_cell_text(c, r->suppress, v, buf);
	return pk_money_fmt(v, buf);
}

/* A name in NAME_COLS columns, cut if it is longer. */
static void
put_name(FILE *fp, const char *name)
{
	char cut[NAME_COLS * 4 + 1];
	size_t w;

	pk_utf8_cut(cut, sizeof cut, name, NAME_COLS - 1);
	pk_markup_text(fp, cut, PK_MARKUP_NONE);
	for (w = pk_utf8_width(cut); w < NAME_COLS; w++)
		putc(' ', fp);
}

static void
text_pair(FILE *fp, const char *label, const char *value)
{
	fprintf(fp, "  %-24s %12s\n", label, value);
}

static void
text_figures(FILE *fp, const struct pk_report *r)
{
	const struct pk_summary_row *t = pk_report_total(&r->total);
	char buf[PK_MONEY_BUFSZ + PK_CELL_BUFSZ];
	size_t i;

	text_pair(fp, "Peers engaged", cell_str(r, &r->engaged, t->peers,
	    false, buf));
	text_pair(fp, "New peers", cell_str(r, &r->new_peers.cell,
	    r->new_peers.v, false, buf));
	text_pair(fp, "Engagements", cell_str(r, &r->engaged, t->engagements,
	    false, buf));
	text_pair(fp, "Hours", r->engaged.hide ? cell_str(r, &r->engaged, 0,
	    false, buf) : pk_hours_fmt(t->minutes, buf));
	text_pair(fp, "Honoraria paid", cell_str(r, &r->paid_cell,
	    r->pay.honoraria, true, buf));
	if (r->paid_cell.hide)
		text_pair(fp, "Share paid in cash (%)", cell_str(r, &r->paid_cell,
		    0, false, buf));
	else if (!r->pay.honoraria)
		text_pair(fp, "Share paid in cash (%)", "-");
	else
		text_pair(fp, "Share paid in cash (%)", pk_share_fmt(r->pay.cash,
		    r->pay.honoraria, buf));
	text_pair(fp, "Still owed", cell_str(r, &r->engaged, t->due - t->paid,
	    true, buf));
	for (i = 0; i <= PK_PAY_NCATEGORIES; i++) {
		char label[40];

		if (i == PK_PAY_NCATEGORIES && !r->pay.reimbursed_peers[i])
			break;
		snprintf(label, sizeof label, "Reimbursed: %s",
		    category_name(i));
		text_pair(fp, label, cell_str(r, &r->reimbursed[i],
		    r->pay.reimbursed[i], true, buf));
	}
}

static void
text_months(FILE *fp, const struct pk_report *r)
{
	char buf[PK_CELL_BUFSZ];
	struct pk_cell c;
	int i, l;

	fprintf(fp, "\nEngagements by level, %s to %s\n\n", r->month[0],
	    r->month[PK_REPORT_MONTHS - 1]);
	fprintf(fp, "  %-8s %11s %11s %11s %11s %11s %8s\n", "MONTH", "INFORM",
	    "CONSULT", "INVOLVE", "COLLABORATE", "EMPOWER", "TOTAL");
	for (i = 0; i < PK_REPORT_MONTHS; i++) {
		const struct pk_summary *sum = &r->by_month[i];

		fprintf(fp, "  %-8s", r->month[i]);
		for (l = 0; l < PK_LEVELS; l++) {
			const struct pk_summary_row *row = pk_report_level(sum, l);

			c = pk_report_row_cell(row);
			fprintf(fp, " %11s", pk_cell_text(&c, r->suppress, row ?
			    row->engagements : 0, buf));
		}
		c = pk_report_row_cell(pk_report_total(sum));
		fprintf(fp, " %8s\n", pk_cell_text(&c, r->suppress,
		    pk_report_total(sum)->engagements, buf));
	}
}

static void
text_table(FILE *fp, const struct pk_report *r, const char *title,
    const char *head, const struct pk_summary *sum)
{
	char b[5][PK_MONEY_BUFSZ + PK_CELL_BUFSZ];
	struct pk_cell c;
	size_t i;

	fprintf(fp, "\n%s\n\n  %-*s %6s %11s %9s %10s %10s\n", title,
	    NAME_COLS, head, "PEERS", "ENGAGEMENTS", "HOURS", "DUE", "PAID");
	for (i = 0; i < sum->n; i++) {
		const struct pk_summary_row *row = &sum->rows[i];

		c = pk_report_row_cell(row);
		fputs("  ", fp);
		put_name(fp, row->total ? "total" : row->group ? row->group :
		    "(none)");
		fprintf(fp, " %6s %11s %9s %10s %10s\n",
		    cell_str(r, &c, row->peers, false, b[0]),
		    cell_str(r, &c, row->engagements, false, b[1]),
		    c.hide ? cell_str(r, &c, 0, false, b[2]) :
		    pk_hours_fmt(row->minutes, b[2]),
		    cell_str(r, &c, row->due, true, b[3]),
		    cell_str(r, &c, row->paid, true, b[4]));
	}
}

static void
text_rest(FILE *fp, const struct pk_report *r)
{
	char buf[PK_CELL_BUFSZ];
	size_t i;
	int w;

	fputs("\nSupports provided (engagements)\n\n", fp);
	for (i = 0; i < r->total.supports.n; i++) {
		fputs("  ", fp);
		put_name(fp, r->total.supports.v[i]);
		fprintf(fp, " %12s\n", pk_cell_text(&r->supports[i], r->suppress,
		    r->supports[i].people, buf));
	}
	fputs("\nOnboarding items due, expiring or expired (active peers)\n\n",
	    fp);
	for (w = 0; w < PK_REPORT_WITHIN; w++) {
		char label[40];

		snprintf(label, sizeof label, "Within %d days", r->within[w]);
		text_pair(fp, label, pk_cell_text(&r->onboarding[w].cell,
		    r->suppress, r->onboarding[w].v, buf));
	}
	fprintf(fp, "\nPeers to watch, %d\n\n", r->year);
	text_pair(fp, "Reaching 75% of benefit", pk_cell_text(&r->near_limit.cell,
	    r->suppress, r->near_limit.v, buf));
	text_pair(fp, "T4A slip, not ready", pk_cell_text(&r->t4a_unready.cell,
	    r->suppress, r->t4a_unready.v, buf));
	fputs("\nCritical incidents peers responded to\n\n", fp);
	text_pair(fp, "Incidents", pk_cell_text(&r->incidents.cell,
	    r->suppress, r->incidents.v, buf));
	text_pair(fp, "Debriefs in time (%)", pk_report_debriefs(r, buf));
}

int
pk_report_text(FILE *fp, const struct pk_report *r)
{
	fprintf(fp, "Program report, %s to %s\n", r->from, r->to);
	if (r->suppress)
		fprintf(fp, "Cells of fewer than %d peers are hidden (\"<%d\"), "
		    "and cells that would give\nthem away (\"hidden\").\n",
		    r->suppress, r->suppress);
	fputc('\n', fp);
	text_figures(fp, r);
	text_months(fp, r);
	text_table(fp, r, "Honoraria and peers by region", "REGION",
	    &r->by_region);
	text_table(fp, r, "Honoraria and peers by site", "SITE", &r->by_site);
	text_table(fp, r, "Peers by role", "ROLE", &r->by_role);
	text_rest(fp, r);
	return ferror(fp) ? pk_fail(PK_EX_IOERR, "cannot write the report") :
	    0;
}
