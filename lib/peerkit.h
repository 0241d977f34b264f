/*
 * peerkit.h - the one public header of libpeerkit.a
 *
 * One section per file of lib/.  Every exported name starts with pk_.
 *
 * Error model: a function that can fail on bad input or a store error
 * returns 0 on success or an exit status (PK_EX_*) and leaves a message
 * in the error buffer (pk_fail, pk_errmsg).  The caller decides whether
 * to print it and go on (--keep-going) or exit.  Out of memory and other
 * conditions no caller could handle end the process through pk_die.
 */
#ifndef PEERKIT_H
#define PEERKIT_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#define PK_VERSION "0.1.0"

/*
 * err.c: exit statuses, the error buffer, messages, checked allocation
 */
enum {
	PK_EX_OK = 0,
	PK_EX_NO = 1,		/* the answer is "no": something due or missing */
	PK_EX_USAGE = 64,
	PK_EX_DATAERR = 65,
	PK_EX_NOINPUT = 66,
	PK_EX_SOFTWARE = 70,
	PK_EX_CANTCREAT = 73,
	PK_EX_IOERR = 74,
	PK_EX_TEMPFAIL = 75,
	PK_EX_NOPERM = 77,
	PK_EX_CONFIG = 78
};

extern const char *pk_progname;
extern int pk_quiet;		/* --quiet: no warnings or notices */

void pk_setprogname(const char *);
/* Record an error: the message (printf format) and its exit status.
 * Returns code, so a function can `return pk_fail(PK_EX_DATAERR, ...)`. */
int pk_fail(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Prefix the recorded message with "CONTEXT: " (a line, a record). */
int pk_fail_context(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
const char *pk_errmsg(void);
int pk_errcode(void);
/* "prog: message" on stderr.  A format ending in ':' appends strerror. */
void pk_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pk_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void pk_die(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Print the recorded error and exit with its status. */
_Noreturn void pk_exit_error(void);
/* Flush and check stdout: a full disk is an error, not a cut file. */
int pk_fshut(FILE *, const char *name);
void *pk_malloc(size_t);
void *pk_calloc(size_t, size_t);
void *pk_realloc(void *, size_t);
char *pk_strdup(const char *);
char *pk_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Fill buf with a new random (version 4) uuid, lower case, 36 chars. */
void pk_uuid(char buf[37]);
bool pk_is_uuid(const char *);
/* Current UTC timestamp "YYYY-MM-DDTHH:MM:SSZ" ($PEERKIT_NOW if set). */
void pk_now(char buf[21]);
/* Login name of the user running the tool, for the audit trail. */
const char *pk_user(void);

/*
 * money.c: integer cents
 */
enum { PK_MONEY_SIGNED = 1 };	/* a leading '-' is allowed */
/* "25", "25.5", "25.50", "1,000.00" is refused.  More than two decimals,
 * a sign where none is allowed, or more than int64 is an error. */
int pk_money_parse(const char *s, int64_t *cents, int flags);
/* "-12.34"; buf must hold PK_MONEY_BUFSZ bytes. */
#define PK_MONEY_BUFSZ 32
char *pk_money_fmt(int64_t cents, char *buf);
json_t *pk_money_json(int64_t cents);
/* Overflow-checked sum; returns false (and leaves *sum) on overflow. */
bool pk_money_add(int64_t *sum, int64_t add);
/* Amount in English words for receipts: "twenty-five dollars and 50/100". */
char *pk_money_words(int64_t cents);

/*
 * date.c: dates are day numbers (days since 1970-01-01), text YYYY-MM-DD
 */
typedef int32_t pk_day;
#define PK_DATE_BUFSZ 11
int pk_date_parse(const char *s, pk_day *);	/* strict, checks the calendar */
char *pk_date_fmt(pk_day, char *buf);
pk_day pk_date_ymd(int y, int m, int d);
void pk_date_split(pk_day, int *y, int *m, int *d);
/* Add n months, clamping the day to the month's end (Jan 31 + 1 = Feb 28). */
pk_day pk_date_add_months(pk_day, int n);
/* Today: set by pk_set_today (--today), else $PEERKIT_TODAY, else the
 * local calendar date.  pk_set_today returns an exit status. */
int pk_set_today(const char *);
pk_day pk_today(void);
/* Periods: YYYY, YYYY-MM, YYYY-Qn, this-month, last-month, this-year,
 * last-year, FROM..TO (inclusive), or a single date. */
struct pk_period {
	pk_day from, to;
	char from_s[PK_DATE_BUFSZ], to_s[PK_DATE_BUFSZ];
};
int pk_period_parse(const char *s, struct pk_period *);
/* A year argument: four digits, 1900..9999; PK_EX_USAGE otherwise. */
int pk_year_parse(const char *s, int *year);

/*
 * sin.c: Social Insurance Numbers
 */
enum { PK_SIN_VALID, PK_SIN_NONE, PK_SIN_TEMPORARY };
/* Accepts digits with spaces or dashes.  out gets the 9 digits.  kind is
 * PK_SIN_NONE for 000000000 and PK_SIN_TEMPORARY for a leading 9 (the
 * caller warns).  The message never repeats the number. */
int pk_sin_parse(const char *in, char out[10], int *kind);
/* "***-***-286"; "" for no SIN. */
char *pk_sin_mask(const char *sin, char buf[12]);

/*
 * yaml.c: YAML files read into a small tree with line and column
 */
enum pk_ytype { PK_Y_SCALAR, PK_Y_SEQ, PK_Y_MAP };
struct pk_ynode {
	enum pk_ytype type;
	char *value;			/* scalar text */
	size_t n;			/* items; for a map, keys and values alternate */
	struct pk_ynode **items;
	size_t line, col;		/* 1-based */
	const char *file;		/* name used in messages */
};
/* Parse one document.  Anchors and aliases, duplicate keys and syntax
 * errors are refused with "FILE:LINE:COL: problem" and PK_EX_CONFIG. */
int pk_yaml_parse(const char *name, const char *buf, size_t len,
    struct pk_ynode **out);
int pk_yaml_load(const char *path, struct pk_ynode **out);
/* Frees a whole tree: call it on the root only (it owns the file name). */
void pk_yaml_free(struct pk_ynode *);
const struct pk_ynode *pk_yaml_get(const struct pk_ynode *map, const char *key);
/* Record "FILE:LINE:COL: message" as a PK_EX_CONFIG error. */
int pk_yaml_fail(const struct pk_ynode *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * config.c: config.yaml, validated, with built-in defaults identical to
 * share/peerkit/config.yaml
 */
struct pk_rate {
	char *activity;
	int64_t hourly, flat, minimum;	/* cents */
};
struct pk_benefit {
	char *name;
	int year;			/* 0: every year */
	int64_t monthly_limit, annual_limit;	/* cents; 0: none */
};
struct pk_payer {
	char *name, *account_number;
	char *line1, *line2, *city, *province, *postal_code, *country;
	char *contact_name, *contact_phone, *contact_email;
};
struct pk_strlist {
	char **v;
	size_t n;
};
struct pk_config {
	char *path;			/* the file read; NULL for built-in */
	struct pk_strlist roles, regions, sites, supports;	/* regions, sites: empty = any */
	struct pk_rate *rates;
	size_t nrates;
	char *default_method;
	int64_t max_payment;		/* cents */
	int64_t t4a_threshold;		/* cents */
	char t4a_box[4];		/* "048" or "028" */
	struct pk_payer payer;
	struct pk_benefit *benefits;
	size_t nbenefits;
	char *onboarding;		/* path of the onboarding checklist; NULL: built-in */
};
/* Lookup: opt (--config), else $PEERKIT_CONFIG, else
 * $XDG_CONFIG_HOME/peerkit/config.yaml (~/.config/...), else built-in.
 * A named file that does not exist is PK_EX_NOINPUT; bad YAML or values
 * PK_EX_CONFIG with FILE:LINE:COL.  On failure the struct is left freed
 * and zeroed. */
int pk_config_load(struct pk_config *, const char *opt);
void pk_config_free(struct pk_config *);
bool pk_strlist_has(const struct pk_strlist *, const char *);
const struct pk_rate *pk_config_rate(const struct pk_config *, const char *activity);
/* The entry for name and year, else name's entry with no year; year 0
 * asks whether name is configured at all (any entry). */
const struct pk_benefit *pk_config_benefit(const struct pk_config *,
    const char *name, int year);
/* The vocabularies that are not configuration, NULL-terminated. */
extern const char *const pk_provinces[];	/* AB BC ... YT */
extern const char *const pk_pay_methods[];	/* cash etransfer ... */
/* Is s one of the NULL-terminated words? */
bool pk_oneof(const char *s, const char *const words[]);
/* The built-in share/peerkit/config.yaml and onboarding.yaml, as text. */
extern const char pk_default_config[];
extern const char pk_default_onboarding[];

/*
 * store.c: the SQLite store
 */
typedef struct pk_store pk_store;
/* PK_STORE_DRYRUN: the store if it exists (the caller rolls back), else
 * an empty store in memory: a dry run never creates a file. */
enum { PK_STORE_READ, PK_STORE_WRITE, PK_STORE_MEMORY, PK_STORE_DRYRUN };
/* Path: opt (--db), else $PEERKIT_DB, else
 * $XDG_DATA_HOME/peerkit/peerkit.db (~/.local/share/...).  Malloc'd. */
char *pk_store_path(const char *opt);
/* PK_STORE_WRITE creates the file 0600 (directories 0700) and migrates;
 * PK_STORE_READ needs an existing store (PK_EX_NOINPUT otherwise).
 * A store newer than this binary is refused untouched (PK_EX_DATAERR). */
int pk_store_open(pk_store **, const char *path, int mode);
void pk_store_close(pk_store *);
int pk_store_version(pk_store *);
#define PK_SCHEMA_VERSION 1
/* Write transactions are BEGIN IMMEDIATE, so a busy store waits (busy
 * timeout) rather than failing half way.  Savepoints nest inside, for
 * --keep-going. */
int pk_store_begin(pk_store *);
int pk_store_commit(pk_store *);
void pk_store_rollback(pk_store *);
int pk_store_savepoint(pk_store *);
int pk_store_release(pk_store *);
void pk_store_rollback_to(pk_store *);
/* The tool name recorded in the audit trail. */
void pk_store_set_tool(pk_store *, const char *);

/*
 * audit.c: append-only audit trail
 */
/* action: "create", "update", "void", "deactivate", ...; kind: "peer",
 * "engagement", "payment", "onboarding".  before/after may be NULL; they
 * are stored as JSON (SINs masked) and not stolen. */
int pk_audit(pk_store *, const char *action, const char *kind, int64_t id,
    const char *uuid, json_t *before, json_t *after);

/*
 * jsonio.c: JSON Lines (or one JSON array) in, typed field access
 */
struct pk_input {
	FILE *fp;
	char *name;		/* "<stdin>" or the path */
	size_t lineno;		/* line of the current record (JSON Lines) */
	size_t recno;		/* 1-based number of the current record */
	char *line;
	size_t cap;
	json_t *array;		/* when the input is one JSON array */
	size_t idx;
	bool owned;
};
/* "-" is stdin.  A missing file is PK_EX_NOINPUT. */
int pk_input_open(struct pk_input *, const char *path);
/* 1: *rec holds a new reference to an object; 0: end of input; else an
 * exit status with a message naming the line ("FILE:LINE: ...").  A blank
 * line, malformed JSON and a value that is not an object are errors. */
int pk_input_next(struct pk_input *, json_t **rec);
/* "FILE:LINE" (or "FILE: record N" inside an array), for messages.
 * Errors from pk_input_next carry the same prefix already. */
const char *pk_input_where(const struct pk_input *);
void pk_input_close(struct pk_input *);
/* Field helpers: the message names the field.  An absent key or null
 * leaves *out untouched and sets *present false (present may be NULL). */
int pk_json_fields(json_t *obj, const char *const allowed[]);	/* unknown field -> error */
int pk_json_str(json_t *obj, const char *key, const char **out, bool *present);
int pk_json_int(json_t *obj, const char *key, int64_t *out, bool *present);
int pk_json_bool(json_t *obj, const char *key, bool *out, bool *present);
/* Money from a string "25.00" (or a JSON integer of whole dollars); a
 * JSON real is refused: binary fractions are not money. */
int pk_json_money(json_t *obj, const char *key, int64_t *cents, int flags,
    bool *present);
/* new string, or null for NULL/"" */
json_t *pk_json_strornull(const char *);
/* Set, checking for out of memory. */
void pk_json_set(json_t *obj, const char *key, json_t *val);	/* steals val */

/*
 * out.c: records out as table, JSON Lines, JSON or CSV
 */
enum pk_format { PK_FMT_TABLE, PK_FMT_JSONL, PK_FMT_JSON, PK_FMT_CSV };
int pk_format_parse(const char *, enum pk_format *);
struct pk_col {
	const char *key;	/* field of the record */
	const char *title;	/* table heading; NULL: the key */
};
typedef struct pk_out pk_out;
/* cols: terminated by {NULL}.  For table output with cols NULL, every
 * record is shown in full, one "field: value" per line (a card).  CSV
 * writes cols, or every field of the first record when cols is NULL.
 * JSON and JSON Lines write whole records. */
pk_out *pk_out_new(FILE *, enum pk_format, const struct pk_col *cols);
int pk_out_rec(pk_out *, json_t *rec);	/* does not steal */
/* Flush (tables are laid out here), close a JSON array, free. */
int pk_out_end(pk_out *);
/* A CSV cell: quoted per RFC 4180 when needed; a cell a spreadsheet would
 * run as a formula (= + - @ tab CR first) gets a leading apostrophe,
 * unless it is a plain number. */
void pk_csv_cell(FILE *, const char *);

/*
 * cli.c: common options, shared by every binary
 */
enum {
	PK_OPT_DB = 0x1000, PK_OPT_CONFIG, PK_OPT_TODAY, PK_OPT_JSON,
	PK_OPT_FORMAT, PK_OPT_VERSION, PK_OPT_COMPLETE,
	PK_OPT_TOOL = 0x1100	/* first value free for a tool's own options */
};
#define PK_COMMON_OPTS \
	{"db", required_argument, NULL, PK_OPT_DB}, \
	{"config", required_argument, NULL, PK_OPT_CONFIG}, \
	{"today", required_argument, NULL, PK_OPT_TODAY}, \
	{"json", no_argument, NULL, PK_OPT_JSON}, \
	{"format", required_argument, NULL, PK_OPT_FORMAT}, \
	{"quiet", no_argument, NULL, 'q'}, \
	{"help", no_argument, NULL, 'h'}, \
	{"version", no_argument, NULL, PK_OPT_VERSION}, \
	{"complete", required_argument, NULL, PK_OPT_COMPLETE}
struct pk_cli {
	const char *db;		/* --db */
	const char *config_path;	/* --config */
	enum pk_format format;
	bool format_set;
	const struct option *longopts;
	void (*usage)(FILE *, int status);	/* the tool's usage(); exits */
	const char *complete;	/* --complete WHAT, answered as it is parsed */
	struct pk_config cfg;
	pk_store *store;
};
void pk_cli_init(struct pk_cli *, int argc, char *argv[],
    const struct option *longopts, void (*usage)(FILE *, int));
/* Handle a common option; returns true if c was one. */
bool pk_cli_option(struct pk_cli *, int c, const char *arg);
/* Load the config and open the store (mode as pk_store_open); any error
 * is printed and exits.  Answers --complete and exits if it was given. */
void pk_cli_open(struct pk_cli *, int mode);
/* Close the store, free the config, check stdout; returns status. */
int pk_cli_close(struct pk_cli *, int status);
/* Usage error: "prog: message" then the usage, exit 64. */
_Noreturn void pk_usage_error(struct pk_cli *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * peer.c: peers
 */
#define PK_ALIAS_MAX 100
struct pk_peer {
	int64_t id;
	char uuid[37];
	char *alias, *surname, *given_name, *initial, *sin;
	char *address_line1, *address_line2, *city, *province, *postal_code,
	    *country, *phone, *email;
	char *role, *region, *site, *payment_method, *benefit_program, *notes;
	json_t *sin_requested;	/* array of dates */
	json_t *demographics;	/* object, or NULL */
	char *status;		/* "active" / "inactive" */
	char *created_at, *updated_at;
};
extern const char *const pk_peer_fields[];	/* JSON field names */
void pk_peer_free(struct pk_peer *);
/* Apply the fields of a JSON record to p (fields absent stay).  Unknown
 * fields, wrong types and invalid values are errors naming the field. */
int pk_peer_apply(const struct pk_config *, struct pk_peer *, json_t *rec);
/* Checks the whole record (alias present, lists from config, ...). */
int pk_peer_validate(const struct pk_config *, const struct pk_peer *);
json_t *pk_peer_json(const struct pk_peer *, bool reveal_sin);
/* Insert (new uuid unless set) or update by id; audited.  An update
 * that changes nothing writes nothing; *changed (may be NULL) says which. */
int pk_peer_insert(pk_store *, struct pk_peer *);
int pk_peer_update(pk_store *, struct pk_peer *, bool *changed);
int pk_peer_get(pk_store *, int64_t id, struct pk_peer *);
/* 0 and *found false when no peer has that uuid. */
int pk_peer_by_uuid(pk_store *, const char *uuid, struct pk_peer *, bool *found);
/* REF: an id (digits), a uuid, or an alias that is unique (case
 * insensitive).  Unknown: PK_EX_DATAERR; ambiguous: PK_EX_DATAERR with
 * the candidates listed. */
int pk_peer_resolve(pk_store *, const char *ref, struct pk_peer *);
struct pk_peer_filter {
	const char *role, *region, *site, *status, *search;
};
/* Calls fn for each peer in id order; stops on a non-zero return. */
int pk_peer_each(pk_store *, const struct pk_peer_filter *,
    int (*fn)(const struct pk_peer *, void *), void *arg);

/*
 * The record kinds engagement.c, payment.c, t4a.c and onboard.c declare
 * their sections in these files while they are written; each is folded
 * into this header once it lands.
 */
#include "pk-engagement.h"
#include "pk-payment.h"
#include "pk-t4a.h"
#include "pk-onboard.h"

#endif
