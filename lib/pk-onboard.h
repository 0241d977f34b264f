/*
 * onboard.c: onboarding checklists per role, the log of steps taken on
 * them (done, undo, waive), and the status of each item for a peer
 *
 * The checklist is a YAML file (share/peerkit/onboarding.yaml, built in
 * as pk_default_onboarding, or the file config.yaml names).  The store
 * keeps one row per step and deletes none: an item's state is its
 * latest step.
 */
#define PK_ONBOARD_KEY_MAX 64
#define PK_NODAY INT32_MIN	/* a pk_day that is not set */

struct pk_onboard_item {
	char *key, *title;
	struct pk_strlist roles;	/* empty: every role ("roles: all") */
	bool blocks;
	int valid_n;			/* 0: never needs renewal */
	char valid_unit;		/* 'd', 'm' or 'y' */
	char *valid_for;		/* "12 months", as written; NULL */
	size_t line, col;		/* of the item, for messages */
};
struct pk_checklist {
	char *name;			/* the file, for messages */
	struct pk_onboard_item *items;
	size_t n;
};
/* The checklist of cfg->onboarding, else the built-in one.  Its roles
 * are checked against cfg->roles.  A file that does not exist is
 * PK_EX_NOINPUT; anything wrong in it PK_EX_CONFIG with FILE:LINE:COL. */
int pk_checklist_load(struct pk_checklist *, const struct pk_config *);
/* The same from text; name is used in messages. */
int pk_checklist_parse(struct pk_checklist *, const struct pk_config *,
    const char *name, const char *text, size_t len);
void pk_checklist_free(struct pk_checklist *);
/* NULL when no item has that key. */
const struct pk_onboard_item *pk_checklist_item(const struct pk_checklist *,
    const char *key);
/* Does the item apply to a peer with this role (NULL: no role, which
 * gets the items for all roles only)? */
bool pk_onboard_applies(const struct pk_onboard_item *, const char *role);
/* "N days", "N months", "N years" (or singular) -> n and 'd'/'m'/'y';
 * PK_EX_CONFIG otherwise, with a message naming the text. */
int pk_onboard_parse_valid_for(const char *, int *n, char *unit);
/* The day an item done on `done` lapses; PK_NODAY if it never does. */
pk_day pk_onboard_expiry(const struct pk_onboard_item *, pk_day done);

/* Status names, indexed by the enum: "done", "due", "expiring",
 * "expired", "waived", "optional". */
enum pk_onboard_status {
	PK_OB_DONE, PK_OB_DUE, PK_OB_EXPIRING, PK_OB_EXPIRED, PK_OB_WAIVED,
	PK_OB_OPTIONAL
};
extern const char *const pk_onboard_statuses[];

/* One row of the log: what was done to an item of a peer's checklist. */
struct pk_onboard_step {
	int64_t id, peer_id;
	char uuid[37];
	char *item, *action, *note, *by, *created_at;
	pk_day date;
};
void pk_onboard_step_free(struct pk_onboard_step *);
json_t *pk_onboard_step_json(const struct pk_onboard_step *);

/* An item's status for one peer on one day.  by and note are those of
 * the done or waive in effect, borrowed from the step. */
struct pk_onboard_state {
	const struct pk_onboard_item *item;
	enum pk_onboard_status status;
	pk_day done_on, expires_on, waived_on;	/* PK_NODAY: none */
	const char *by, *note;
};
/* The status of item given its latest step (NULL: none recorded):
 * done, waived, or due (optional for an item that does not block);
 * a done item with valid_for is expiring when it lapses within `within`
 * days of today, expired (optional, if it does not block) from the day
 * it lapses. */
void pk_onboard_state(const struct pk_onboard_item *,
    const struct pk_onboard_step *, pk_day today, int within,
    struct pk_onboard_state *);
/* Is the answer "no" (exit 1): due or expired? */
bool pk_onboard_is_no(enum pk_onboard_status);
/* peer_id, alias, role, key, title, blocks, valid_for, status, done_on,
 * expires_on, waived_on, by, note. */
json_t *pk_onboard_json(const struct pk_peer *,
    const struct pk_onboard_state *);

typedef int pk_onboard_fn(const struct pk_peer *,
    const struct pk_onboard_state *, void *);
/* fn for each item that applies to the peer, in checklist order, as of
 * pk_today(); stops on a non-zero return. */
int pk_onboard_check(pk_store *, const struct pk_checklist *,
    const struct pk_peer *, int within, pk_onboard_fn *fn, void *arg);
/* fn for the one item with that key, whether or not the peer's role
 * needs it (an undo after a role change); PK_EX_DATAERR if no item has
 * that key. */
int pk_onboard_check_item(pk_store *, const struct pk_checklist *,
    const struct pk_peer *, const char *key, int within, pk_onboard_fn *fn,
    void *arg);
/* A pk_onboard_fn that appends pk_onboard_json() to the JSON array arg. */
int pk_onboard_collect(const struct pk_peer *, const struct pk_onboard_state *,
    void *arg);
/* The same for every peer that matches the filter, in id order.  One
 * query reads the latest steps of all peers, whatever their number. */
int pk_onboard_each(pk_store *, const struct pk_checklist *,
    const struct pk_peer_filter *, int within, pk_onboard_fn *fn, void *arg);
/* Log a step (action "done", "undo" or "waive") on date, audited.
 * PK_EX_DATAERR for an item not in the checklist, a done or waive on an
 * item the peer's role does not need, a date after today, an undo with
 * nothing done or waived to undo, a waive without a note (its reason). */
int pk_onboard_record(pk_store *, const struct pk_checklist *,
    const struct pk_peer *, const char *action, const char *key,
    pk_day date, const char *note);
