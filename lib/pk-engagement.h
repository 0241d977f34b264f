/*
 * engagement.c: engagements, what peers did; the time, the honorarium
 * due, and the reports on them.  (Folded into peerkit.h once it lands.)
 *
 * Hours are stored exactly, as whole minutes.  The honorarium due is
 * int64 cents, from the activity's rate unless the record sets it.
 * Writes to payment_id belong to payment.c: nothing here pays or settles.
 */
#define PK_HOURS_BUFSZ 24
#define PK_SHARE_BUFSZ 24

/* The spectrum of engagement, in order: inform ... empower. */
extern const char *const pk_levels[];
/* The JSON fields of an engagement, as written and as read back. */
extern const char *const pk_engagement_fields[];
/* The derived statuses: unpaid, paid, no-honorarium, void. */
extern const char *const pk_engagement_statuses[];

/* Hours as "1.5", "1.50", "2", ".25" or "1:30" (H:MM) into minutes.
 * Zero, a sign, more than 24 hours and a value that is not a whole number
 * of minutes ("0.01" is 0.6 minutes) are PK_EX_DATAERR, with a message
 * naming the value. */
int pk_hours_parse(const char *s, int *minutes);
/* minutes / 60 with two decimals, "1.50"; exact when minutes is a
 * multiple of 3 (every decimal input is), else rounded half up. */
char *pk_hours_fmt(int64_t minutes, char *buf);
/* flat + hourly x minutes / 60 rounded half up to the cent, and never
 * less than minimum.  PK_EX_DATAERR if it would overflow. */
int pk_engagement_due(const struct pk_rate *, int minutes, int64_t *due);

struct pk_engagement {
	int64_t id;			/* 0 until stored */
	char uuid[37];			/* "" until stored, unless given */
	int64_t peer_id;
	char peer_uuid[37];
	char *alias;
	bool peer_active;
	char date[PK_DATE_BUFSZ];
	int minutes;
	char *activity, *level, *project, *region, *site, *note;
	json_t *supports;		/* array of strings, in config order */
	int64_t amount_due;		/* cents; 0: no honorarium */
	int64_t payment_id;		/* 0: not paid */
	bool voided;			/* stored status 'void' */
	char *void_reason;
	char *created_at, *updated_at;
};
void pk_engagement_free(struct pk_engagement *);
/* "void", "paid", "no-honorarium" or "unpaid", in that order of rule. */
const char *pk_engagement_status(const struct pk_engagement *);
json_t *pk_engagement_json(const struct pk_engagement *);

/*
 * A run of records to store: it keeps the peers it has looked up (the
 * store's peers do not change under a write transaction), so a batch of
 * a million lines costs one lookup per distinct peer, not per line.
 */
typedef struct pk_engage pk_engage;
pk_engage *pk_engage_new(pk_store *, const struct pk_config *);
void pk_engage_free(pk_engage *);
/* A record from JSON (the fields of pk_engagement_fields, and "peer", a
 * REF).  Checks types and formats; what depends on the config and the
 * store's state is checked by pk_engage_save for a new record only, so
 * an old export still reads back.  The peer is peer_uuid, else peer,
 * else peer_id, else alias.  region and site absent: the peer's; null:
 * none.  amount_due absent: computed from the activity's rate (0 when
 * status is "no-honorarium"). */
int pk_engage_from_json(pk_engage *, json_t *rec, struct pk_engagement *);
enum { PK_ENGAGE_ADDED = 1, PK_ENGAGE_UNCHANGED };
/* Store e, inside the caller's transaction; audited.  A uuid already
 * stored with the same content is PK_ENGAGE_UNCHANGED (e becomes the
 * stored record); with other content it is a conflict, PK_EX_DATAERR
 * naming the first field that differs.  A new record must name an
 * active peer, a date not after today and configured values; it cannot
 * arrive paid.  *outcome gets PK_ENGAGE_ADDED or PK_ENGAGE_UNCHANGED. */
int pk_engage_save(pk_engage *, struct pk_engagement *e, int *outcome);

/* REF is an id or a uuid.  Unknown: PK_EX_DATAERR. */
int pk_engagement_get(pk_store *, const char *ref, struct pk_engagement *);
/* Mark an engagement void with a reason; audited; e gets the result.
 * A void or paid engagement is refused (PK_EX_DATAERR): a payment is
 * voided first, by payment.c, which unsettles it. */
int pk_engagement_void(pk_store *, const char *ref, const char *reason,
    struct pk_engagement *e);

struct pk_engagement_filter {
	int64_t peer_id;		/* 0: any */
	const char *from, *to;		/* dates, inclusive; NULL: open */
	const char *activity, *level, *project, *region, *site;
	const char *status;		/* a derived status; NULL: any */
};
/* Calls fn for each match, by date then id; stops on a non-zero return. */
int pk_engagement_each(pk_store *, const struct pk_engagement_filter *,
    int (*fn)(const struct pk_engagement *, void *), void *arg);

/*
 * The summary of a period: void engagements left out; one row per group
 * (by a key of pk_summary_keys), then the total.
 */
extern const char *const pk_summary_keys[];	/* peer role region ... */
enum { PK_LEVELS = 5 };
struct pk_summary_row {
	char *group;			/* NULL: no value, or the total */
	int64_t peer_id;		/* by peer */
	bool total, suppressed;
	int64_t engagements, peers, minutes, due, paid;
	int64_t levels[PK_LEVELS];	/* engagements at each level */
	int64_t *supports;		/* per name of pk_summary.supports */
};
struct pk_summary {
	const char *by;			/* NULL: no grouping */
	char from[PK_DATE_BUFSZ], to[PK_DATE_BUFSZ];
	int suppress;			/* 0: none */
	struct pk_summary_row *rows;	/* the groups, then the total */
	size_t n;
	struct pk_strlist supports;	/* configured, then any others found */
};
/* by: NULL or one of pk_summary_keys.  suppress N > 1 hides every group
 * of fewer than N distinct peers, then more groups (smallest first) until
 * the hidden ones hold N peers between them, so the total cannot give
 * them away; the total too if it has fewer than N. */
int pk_engagement_summary(pk_store *, const struct pk_config *,
    const struct pk_period *, const char *by, int suppress,
    struct pk_summary *);
void pk_summary_free(struct pk_summary *);
/* Percent with one decimal, rounded half up: "33.3"; whole > 0. */
char *pk_share_fmt(int64_t part, int64_t whole, char *buf);
/* One row as JSON: money as strings, counts as integers, a suppressed
 * row's figures null. */
json_t *pk_summary_json(const struct pk_summary *, const struct pk_summary_row *);
