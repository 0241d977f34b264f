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
	PK_EX_UNAVAILABLE = 69,	/* the store's server cannot be reached */
	PK_EX_SOFTWARE = 70,
	PK_EX_CANTCREAT = 73,
	PK_EX_IOERR = 74,
	PK_EX_TEMPFAIL = 75,
	PK_EX_NOPERM = 77,
	PK_EX_CONFIG = 78
};

extern const char *pk_progname;
extern int pk_quiet;		/* --quiet: no warnings or notices */
/* Called before a message goes to stderr (batch.c erases its progress
 * line there); NULL: nothing. */
extern void (*pk_before_message)(void);

void pk_setprogname(const char *);
/* Record an error: the message (printf format) and its exit status.
 * Returns code, so a function can `return pk_fail(PK_EX_DATAERR, ...)`. */
int pk_fail(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A write that failed just now (ferror), as PK_EX_IOERR: "write error:
 * " and errno's text. */
int pk_fail_write(void);
/* Prefix the recorded message with "CONTEXT: " (a line, a record). */
int pk_fail_context(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
const char *pk_errmsg(void);
int pk_errcode(void);
/* "prog: message" on stderr.  A format ending in ':' appends strerror. */
/* Warnings and notices alike; nothing under --quiet. */
void pk_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
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

/*
 * uuid.c: record names that hold in every store
 */
/* Fill buf with a new random (version 4) uuid, lower case, 36 chars. */
void pk_uuid(char buf[37]);
bool pk_is_uuid(const char *);

/*
 * utf8.c: text as people type it
 */
/* Length of the valid UTF-8 sequence at s, 0 if it is not one (jansson's
 * rules: no overlong forms, surrogates or code points past U+10FFFF). */
size_t pk_utf8_len(const unsigned char *s);
/* Characters (code points) of UTF-8 text, or of its first len bytes. */
size_t pk_utf8_chars(const char *s);
size_t pk_utf8_chars_n(const char *s, size_t len);
/* Columns the text takes on a terminal: East Asian wide characters 2,
 * combining marks 0 (wcwidth(3) in C.UTF-8, whatever the locale). */
size_t pk_utf8_width(const char *s);
/* Bytes of the longest start of s that takes at most max columns (zero-
 * width marks after its last character kept); *width (may be NULL) gets
 * its columns. */
size_t pk_utf8_fit(const char *s, size_t max, size_t *width);
/* Bytes in the first max characters of s (all of s if it is shorter). */
size_t pk_utf8_prefix(const char *s, size_t max);
/* Copy at most max characters (code points, never half a multi-byte
 * one) of src into dst (size bytes), without leading or trailing
 * blanks.  Returns the length in bytes. */
size_t pk_utf8_cut(char *dst, size_t size, const char *src, size_t max);
/* Text as the CRA's T619 XML takes it, in a new string (NULL for
 * NULL): characters outside its acceptable-character tables for names
 * (PK_CRA_NAME) or addresses (PK_CRA_ADDRESS) mapped to one it accepts
 * or a space; spaces single, none at the ends.  *mapped (if not NULL):
 * whether a character was mapped (spaces aside).  See utf8.c. */
enum { PK_CRA_NAME, PK_CRA_ADDRESS };
char *pk_cra_text(const char *s, int kind, bool *mapped);
/* NULL, "" or only white space. */
bool pk_text_blank(const char *s);
/* s without the white space at its ends, in place; returns s. */
char *pk_text_unpad(char *s);
/* A control character (newline and tab allowed with lines). */
bool pk_text_has_control(const char *s, bool lines);
/* The checks every text field gets: not empty (unless PK_TEXT_EMPTY),
 * at most max characters, no control characters (newlines and tabs
 * allowed with PK_TEXT_LINES).  PK_EX_DATAERR naming the field. */
enum { PK_TEXT_EMPTY = 1, PK_TEXT_LINES = 2 };
int pk_text_check(const char *field, const char *v, size_t max, int flags);
/* Text from input, fit to quote in a message: control characters become
 * '?', and a text longer than size - 1 bytes is cut between characters
 * and ends in "...".  Returns dst. */
char *pk_text_shown(char *dst, size_t size, const char *src);
/* Whether the first len bytes of s are UTF-8 (jansson's rules); if not,
 * *bad (when not NULL) is the offset of the first byte that is not. */
bool pk_utf8_valid(const char *s, size_t len, size_t *bad);
/* s in Unicode's NFC, in a new string; NULL if s is not UTF-8. */
char *pk_utf8_nfc(const char *s);
/* The fold references and searches match by, in a new string (NULL if
 * s is not UTF-8): case folded, compatibility forms and accents (Latin,
 * Greek, Cyrillic combining marks) undone, invisible characters dropped,
 * the apostrophes U+2019, U+2018 and U+02BC made ', the blanks at the
 * ends dropped.  See utf8.c. */
char *pk_utf8_fold(const char *s);
/* Every string in v (objects and arrays walked) made NFC, in place. */
void pk_json_nfc(json_t *v);

/*
 * markup.c: text into HTML and XML
 */
enum pk_markup { PK_MARKUP_NONE, PK_MARKUP_HTML, PK_MARKUP_XML };
/* s as character data: & < > " ' escaped for HTML or XML (none: plain
 * text); control characters other than tab, newline and carriage
 * return, which XML 1.0 cannot carry, become spaces.  NULL: nothing. */
void pk_markup_text(FILE *, const char *s, enum pk_markup);

/*
 * num.c: whole numbers
 */
/* s is plain decimal digits (no sign, blank or prefix) making a number
 * from min to max: *out gets it.  false otherwise, *out untouched. */
bool pk_num_parse(const char *s, int64_t min, int64_t max, int64_t *out);
/* qsort's comparison of two int64_t (ids). */
int pk_cmp_id(const void *, const void *);
/* v hundredths as "-12.34" ("0.05", "1234.50"); buf holds 24 bytes. */
char *pk_fmt_hundredths(int64_t v, char *buf);

/*
 * idset.c: a set of ids, each counted once (a bit each, by pages)
 */
struct pk_idpage;
struct pk_idset {
	struct pk_idpage **slots;	/* the pages, open-addressed */
	size_t nslots, npages;
	size_t n;			/* ids in the set */
};
/* Add id to the set ({0} to start): true if it was not in it. */
bool pk_idset_add(struct pk_idset *, int64_t id);
void pk_idset_free(struct pk_idset *);

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
 * calendar date in the program's zone (pk_zone_use).  pk_set_today
 * returns an exit status; a malformed $PEERKIT_TODAY is a usage error
 * that ends the process. */
int pk_set_today(const char *);
pk_day pk_today(void);
/* The zone changed (pk_zone_use): a today read from the clock is read
 * again; one set by --today or $PEERKIT_TODAY stays. */
void pk_today_forget(void);
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
 * clock.c: now
 */
/* Now, as UTC "YYYY-MM-DDTHH:MM:SSZ": $PEERKIT_NOW if set (a
 * malformed one is a usage error that ends the process), else the
 * clock. */
void pk_now(char buf[21]);
/* $PEERKIT_TODAY and $PEERKIT_NOW checked, --today or not: a malformed
 * one ends the process (PK_EX_USAGE) with the same message in every
 * tool.  Nothing else reads the clock's variables before this. */
void pk_clock_check(void);
/* The program's time zone: an IANA name (America/Vancouver) with a file
 * under $TZDIR or /usr/share/zoneinfo.  pk_zone_known says whether name
 * is one; pk_zone_use makes it the process's zone (TZ, then tzset), so
 * that "today" and every local date follow it; NULL keeps the machine's. */
bool pk_zone_known(const char *name);
void pk_zone_use(const char *name);

/*
 * sin.c: Social Insurance Numbers
 */
enum { PK_SIN_VALID, PK_SIN_NONE, PK_SIN_TEMPORARY };
/* Accepts digits with spaces or dashes.  out gets the 9 digits.  kind is
 * PK_SIN_NONE for 000000000 and PK_SIN_TEMPORARY for a leading 9 (the
 * caller warns).  The message never repeats the number. */
int pk_sin_parse(const char *in, char out[10], int *kind);
/* "***-***-286" of nine digits or a sealed SIN's token; "" for none. */
char *pk_sin_mask(const char *sin, char buf[12]);
/* text (of size bytes, at most 4096), in place, with whatever reads as
 * a SIN a user typed (nine digits, in one run or in threes split by a
 * space or a dash; loose: 7 to 11 digits, or threes cut short) masked
 * as pk_sin_mask does.  Every message goes through it (err.c, cli.c):
 * a message may quote what was typed, and a typo in a SIN is still
 * most of a SIN. */
char *pk_sin_scrub(char *text, size_t size, bool loose);


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
	bool plain;			/* a scalar written unquoted */
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
/* A critical incident's kind and the follow-ups it asks for; when each
 * follow-up falls due (days after the incident) and for how many days
 * it stays due before it is overdue (incident.c). */
struct pk_incident_kind {
	char *name;
	struct pk_strlist follow_ups;
};
struct pk_follow_up_def {
	char *key;
	int due, within;
};
struct pk_config {
	char *path;			/* the file read; NULL for built-in */
	struct pk_strlist roles, regions, sites, supports;	/* regions, sites: empty = any */
	struct pk_rate *rates;
	size_t nrates;
	char *default_method;
	int64_t max_payment;		/* cents */
	int64_t cash_largest_note;	/* cents: cash.largest_note */
	int64_t max_engagement;		/* cents: an engagement's amount due */
	int64_t t4a_threshold;		/* cents */
	char t4a_box[4];		/* "048" or "028" */
	int report_suppress;		/* hide cells of fewer peers; 0: none */
	struct pk_payer payer;
	struct pk_benefit *benefits;
	size_t nbenefits;
	char *onboarding;		/* path of the onboarding checklist; NULL: built-in */
	char *timezone;			/* IANA name; NULL: the machine's zone */
	char *store;			/* store: the store when neither --db
					 * nor PEERKIT_DB names it */
	struct pk_strlist progression;	/* roles in order; empty: roles' order */
	int term_end_notice_days;	/* onboard-check's reminder before */
	struct {			/* key files (privacy.c); NULL: default */
		char *public_key, *secret_key, *index_key;
	} privacy;
	struct {			/* incidents: */
		struct pk_incident_kind *kinds;
		size_t nkinds;
		struct pk_follow_up_def *follow_ups;
		size_t nfollow_ups;
	} incidents;
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
/* The configured follow-up and incident kind of that name; NULL: none. */
const struct pk_follow_up_def *pk_config_follow_up(const struct pk_config *,
    const char *key);
const struct pk_incident_kind *pk_config_incident_kind(
    const struct pk_config *, const char *name);
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
/* PK_STORE_DRYRUN: the store if it exists (the caller rolls back), a
 * copy of it in memory if the user may not write it, else an empty store
 * in memory: a dry run never creates or writes a file. */
enum { PK_STORE_READ, PK_STORE_WRITE, PK_STORE_MEMORY, PK_STORE_DRYRUN };
/* Path (or a postgresql:// URI): opt (--db), else $PEERKIT_DB, else
 * store: in cfg (which may be NULL), else
 * $XDG_DATA_HOME/peerkit/peerkit.db, else ~/.local/share/peerkit/peerkit.db
 * (HOME, else the password database).  Malloc'd; NULL with PK_EX_USAGE
 * recorded when there is no home to put it in. */
struct pk_config;
char *pk_store_path(const char *opt, const struct pk_config *);
/* PK_STORE_WRITE creates the file 0600 (directories 0700) and migrates;
 * PK_STORE_READ needs an existing store (PK_EX_NOINPUT otherwise), and
 * reads one the user may not write (file or directory) without writing
 * anything; an older one is then refused (PK_EX_NOPERM): its owner must
 * open it to upgrade it.  PK_STORE_WRITE of such a store: PK_EX_NOPERM.
 * In every mode, a store file (or its -wal, -shm) open to group or
 * others is made 0600 if the user owns it, with a note on stderr, and
 * is refused otherwise (PK_EX_NOPERM), nothing read or written.
 * A store newer than this binary is refused untouched (PK_EX_DATAERR). */
int pk_store_open(pk_store **, const char *path, int mode);
void pk_store_close(pk_store *);
int pk_store_version(pk_store *);
#define PK_SCHEMA_VERSION 11
#define PK_SCHEMA_SEALED 4	/* the version that sealed SINs */
/* Write transactions are BEGIN IMMEDIATE, so a busy store waits (busy
 * timeout) rather than failing half way.  Savepoints nest inside, for
 * --keep-going. */
int pk_store_begin(pk_store *);
int pk_store_commit(pk_store *);
void pk_store_rollback(pk_store *);
/* True once a write transaction has committed (the store's own schema
 * upgrade apart): output lost after that must not read as "nothing
 * happened", or a rerun pays twice. */
bool pk_store_committed(pk_store *);
int pk_store_savepoint(pk_store *);
int pk_store_release(pk_store *);
void pk_store_rollback_to(pk_store *);
/* The tool name recorded in the audit trail. */
void pk_store_set_tool(pk_store *, const char *);

/*
 * privacy.c: sealed SINs and their keys
 *
 * A stored SIN is a token "LLL:KEY:BOX" (hex): the last three digits, a
 * keyed hash under the index key (the same SIN, the same key), and a
 * box from an ephemeral key to the public key (a sealed box).  Storing needs the public and index
 * keys; reading back needs the secret key (PK_EX_NOPERM without it).
 */
#define PK_SIN_KEY_LEN 68		/* "LLL:" and 64 hex digits */
#define PK_SIN_BOX_LEN 81		/* ephemeral key, nonce, MAC, 9 digits */
#define PK_SIN_TOKEN_LEN (PK_SIN_KEY_LEN + 1 + 2 * PK_SIN_BOX_LEN)
/* A stored SIN's token, as SQL over the columns sin_key and sin_box. */
#define PK_SIN_TOKEN_SQL "CASE WHEN sin_key IS NULL THEN NULL ELSE " \
	"sin_key || ':' || lower(hex(sin_box)) END"
enum { PK_KEY_PUBLIC, PK_KEY_SECRET, PK_KEY_INDEX };
struct pk_keyset {
	unsigned char pk[32], sk[32], ik[32];
};
/* The key files of cfg (NULL: the defaults) for what follows. */
void pk_privacy_use(const struct pk_config *cfg);
void pk_privacy_forget(void);		/* keys wiped from memory */
const char *pk_privacy_path(int which);
/* *token (malloc'd) seals sin (nine digits).  The keys are made if none
 * exists; keys other than the store's are refused (PK_EX_NOPERM). */
int pk_sin_seal(pk_store *, const char sin[10], char **token);
/* out gets the nine digits of a token: needs the secret key. */
int pk_sin_reveal(pk_store *, const char *token, char out[10]);
/* 0 when full SINs can be read (the secret key, and the store's). */
int pk_privacy_can_reveal(pk_store *);
bool pk_sin_is_token(const char *);
/* The same SIN: two tokens with the same key, or equal strings. */
bool pk_sin_same(const char *a, const char *b);
/* The migration's step: every plain SIN of the store sealed. */
int pk_privacy_seal_plain(pk_store *);
/* Keys: any of the three files exists; make all three (none may exist);
 * new ones; written with suffix (".new") after each path; the
 * fingerprints a store records; every SIN re-sealed to ks and the store
 * told (needs the current secret key). */
bool pk_keys_any(void);
int pk_keys_make(void);
/* pk_keys_make's refusal, if it would refuse; nothing written. */
int pk_keys_make_check(void);
void pk_keys_new(struct pk_keyset *);
int pk_keys_write(const struct pk_keyset *, const char *suffix);
void pk_keys_fingerprints(const struct pk_keyset *, char pkfp[17],
    char ikfp[17]);
int pk_keys_record(pk_store *, const struct pk_keyset *);
int pk_keys_of_store(pk_store *, char pkfp[17], char ikfp[17]);
int pk_keys_reseal(pk_store *, const struct pk_keyset *);
/* What this machine holds, and the store's record (s may be NULL). */
struct pk_keys_status {
	unsigned have;			/* 1 << PK_KEY_* of the files found */
	bool secret_fits;		/* the secret key is the public key's */
	char public_fp[17], index_fp[17];	/* "" when missing */
	char store_public_fp[17], store_index_fp[17];	/* "": none yet */
};
int pk_keys_status(pk_store *, struct pk_keys_status *);
/* New keys, every SIN re-sealed in one transaction, then the new key
 * files put in place (the old kept as FILE.old).  A rotation that
 * stopped after its commit is finished instead (*finished).  dry_run:
 * every SIN re-sealed to keys held in memory, then rolled back; no key
 * file written or moved. */
int pk_keys_rotate(pk_store *, bool dry_run, bool *finished);

/*
 * audit.c: append-only audit trail
 */
/* Login name of the user running the tool, for the audit trail. */
const char *pk_user(void);
/* action: "create", "update", "void", "deactivate", ...; kind: "peer",
 * "engagement", "payment", "onboarding".  before/after may be NULL; they
 * are stored as JSON (SINs masked) and not stolen. */
int pk_audit(pk_store *, const char *action, const char *kind, int64_t id,
    const char *uuid, json_t *before, json_t *after);
/* The same with the records' compact JSON text already made (NULL for
 * none), so that a record is not serialised twice.  SINs are masked in
 * the text too.  The texts are read, not kept. */
int pk_audit_text(pk_store *, const char *action, const char *kind,
    int64_t id, const char *uuid, const char *before, const char *after);
/* A peer's history, oldest first: each entry about its own record or
 * its credit, and about the engagements, payments, onboarding steps and
 * T4A slips that are the peer's now (those a merge brought, with the
 * entries from before it).  fn gets each as a JSON object: id (the
 * entry's), at, who, tool, action, kind, record_id, record_uuid, and
 * changes, a list of {field, before, after} (null for none), the fields
 * the entry set or changed, without the record's id, uuid and
 * timestamps.  Every "sin" in it is masked or null, whatever the store
 * holds.  fn's non-zero return stops the walk and is returned. */
int pk_audit_history(pk_store *, int64_t peer_id,
    int (*fn)(json_t *entry, void *), void *arg);

/*
 * jsonio.c: JSON Lines (or one JSON array) in, typed field access, and
 * compact JSON text out
 */
/* A field a record may carry, and the kind of JSON value it takes: what
 * a CSV cell of that column becomes (csvin.c).  Tables end with NULL. */
enum pk_kind {
	PK_KIND_TEXT,		/* a string */
	PK_KIND_INT,		/* a whole number */
	PK_KIND_LIST,		/* a list of strings: "a;b", or JSON text */
	PK_KIND_IDS,		/* a list of ids (numbers) or uuids */
	PK_KIND_JSON		/* any JSON value, as JSON text */
};
struct pk_field {
	const char *name;
	enum pk_kind kind;
};
enum pk_input_format { PK_INPUT_AUTO, PK_INPUT_JSONL, PK_INPUT_CSV };
struct pk_csvin;
struct pk_input {
	FILE *fp;
	char *name;		/* "<stdin>" or the path */
	size_t lineno;		/* line of the current record (JSON Lines,
				 * CSV: the line it begins on) */
	size_t recno;		/* 1-based number of the current record */
	char *line;
	size_t cap;
	char *ahead;		/* read ahead of the lines (pk_getline) */
	size_t apos, alen;
	json_t *array;		/* when the input is one JSON array */
	size_t idx;
	bool owned;
	enum pk_input_format format;
	const struct pk_field *const *fields;	/* CSV: the columns allowed */
	struct pk_csvin *csv;	/* CSV: the reader's state */
};
/* "-" is stdin.  A missing file is PK_EX_NOINPUT. */
int pk_input_open(struct pk_input *, const char *path);
/* Before the first record: the input's format (PK_INPUT_AUTO: CSV for a
 * name ending ".csv", else JSON) and, for CSV, the fields its header may
 * name: a NULL-terminated list of tables (NULL: any name, every cell
 * text).  Each CSV row is the JSON object the same record in JSON
 * would be (csvin.c). */
void pk_input_format(struct pk_input *, enum pk_input_format,
    const struct pk_field *const *fields);
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
int pk_json_fields(json_t *obj, const struct pk_field allowed[]);	/* unknown field -> error */
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
 * JSON text out: compact JSON text, the same bytes as json_dumps(JSON_COMPACT |
 * JSON_ENCODE_ANY), written straight from C values or a json_t.  s is
 * always NUL-terminated; the caller frees it.
 */
struct pk_jtext {
	char *s;
	size_t len, cap;
};
void pk_jt_init(struct pk_jtext *);
void pk_jt_add(struct pk_jtext *, const char *, size_t);	/* raw bytes */
/* "key": after a comma unless it opens the object.  key is ours: ASCII. */
void pk_jt_key(struct pk_jtext *, const char *key);
/* A string, null for NULL or "" (as pk_json_strornull); a byte that is
 * not UTF-8 becomes U+FFFD. */
void pk_jt_str(struct pk_jtext *, const char *);
void pk_jt_int(struct pk_jtext *, int64_t);
/* Any value; NULL as null. */
void pk_jt_value(struct pk_jtext *, json_t *);
/* A value's compact text, malloc'd; *len (may be NULL) gets its length. */
char *pk_json_text(json_t *, size_t *len);

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
/* Does not steal.  A long table's cells wait in a temporary file:
 * PK_EX_CANTCREAT if none can be made. */
int pk_out_rec(pk_out *, json_t *rec);
/* JSON output: a record may come as its compact JSON text (the bytes
 * pk_json_text makes of it), with no json_t built. */
bool pk_out_is_json(const pk_out *);
int pk_out_text(pk_out *, const char *text);
/*
 * A table on a terminal fits its width ($COLUMNS, else the terminal's,
 * else 80) by giving way as fit lists, in order: the column key cut to
 * min columns at the least, with an ellipsis, or with min 0 left out.
 * Columns not listed stay whole.  pk_out_wide (--wide), or output that
 * is not a terminal: every column whole.  fit is terminated by {NULL}.
 */
struct pk_fit {
	const char *key;
	size_t min;
};
extern bool pk_out_wide;
void pk_out_fit(pk_out *, const struct pk_fit *fit);
/* Flush (tables are laid out here), close a JSON array, free. */
int pk_out_end(pk_out *);
/* Copy a batch's records, held in tmp until the end so that output never
 * shows a record rolled back, to stdout.  stored: the batch committed,
 * and a write error says so. */
int pk_out_copy(FILE *tmp, bool stored);
/* A CSV cell: quoted per RFC 4180 when needed; a cell a spreadsheet would
 * run as a formula (= + - @ tab CR first) gets a leading apostrophe,
 * unless it is a plain number. */
void pk_csv_cell(FILE *, const char *);
/* --bom: CSV output begins with a UTF-8 byte order mark, for the
 * spreadsheets that need one to read UTF-8. */
extern bool pk_csv_bom;

/*
 * csvin.c: records in as CSV (RFC 4180, a header row of field names),
 * behind pk_input_next; see pk_input_format
 */
int pk_csvin_next(struct pk_input *, json_t **rec);
void pk_csvin_free(struct pk_input *);

/*
 * batch.c: the one loop every tool that writes runs
 *
 * Records from a file ("-": standard input) or made from the command
 * line go one by one to the tool's callback, inside one write
 * transaction: all or nothing; with keep_going a refused record (bad
 * data, 65, or a refusal asked for, 1) is reported and left out; with
 * dry_run everything is done, every refusal reported, and nothing
 * written.  What the tool puts out is held until the transaction
 * commits.  pk_batch_run prints the error that ended a batch and
 * "nothing written", and returns the exit
 * status: the first refusal's, or with keep_going or dry_run 65 if a
 * record was rejected, else 1 if one was refused, else 0.
 */
struct pk_batch;
typedef int pk_batch_fn(struct pk_batch *, json_t *rec, void *arg);
struct pk_batch {
	/* Set by the tool. */
	pk_store *store;
	const char *path;		/* FILE or "-"; NULL: recs */
	enum pk_input_format input_format;	/* of FILE (pk_input_format) */
	const struct pk_field *const *fields;	/* a CSV FILE's columns */
	json_t *const *recs;		/* records made from the command line */
	size_t nrecs;
	bool dry_run, keep_going;
	bool print;			/* records out, as format and cols say */
	bool direct;			/* pk_batch_stream is stdout */
	enum pk_format format;
	const struct pk_col *cols;
	const struct pk_fit *fit;	/* the table on a terminal; NULL */
	pk_batch_fn *record;		/* check and store one record */
	/* First thing inside the transaction; NULL: nothing. */
	int (*begin)(struct pk_batch *, void *arg);
	/* After the last record, inside the transaction (a payroll plan is
	 * paid here); NULL: nothing. */
	int (*end)(struct pk_batch *, void *arg);
	/* Once the batch has committed (or a dry run rolled back): the
	 * summary line.  NULL: none, but "dry run: nothing written". */
	void (*tally)(const struct pk_batch *, void *arg);
	void *arg;
	/* Kept by the loop. */
	const char *where;		/* "FILE:LINE" of the record; NULL */
	size_t records, rejected, refused;
	pk_out *out;
	FILE *tmp;
	bool shown;			/* direct: the document is out */
};
int pk_batch_run(struct pk_batch *);
/* One record through the callback, as the loop does with each it reads:
 * for records a tool makes itself (end). */
int pk_batch_record(struct pk_batch *, json_t *rec);
/* A refusal rc of a record that was not stored (nothing of it written):
 * 0 to go on when the batch goes on (it is reported and counted), else
 * rc. */
int pk_batch_refused(struct pk_batch *, int rc);
/* Put out a record stored: held until the batch commits. */
int pk_batch_put(struct pk_batch *, json_t *rec);
/* Whether the batch prints its records: when not, a record's JSON need
 * not be made (a batch of a million builds a million for nobody). */
bool pk_batch_printing(const struct pk_batch *);
/* As pk_batch_put, for a record whose compact JSON text can be had
 * without a json_t: text(rec) when the output is JSON, else json(rec).
 * Batches print every record they store: building and freeing a json_t
 * for each was a sixth of an import (make bench). */
int pk_batch_put_as(struct pk_batch *, const void *rec,
    json_t *(*json)(const void *), char *(*text)(const void *));
/* Where a tool that writes a whole document (a CRA return) writes it,
 * instead of records: held until the batch commits, or with direct
 * standard output itself, flushed whole before the commit (a document
 * that cannot be written records nothing). */
FILE *pk_batch_stream(struct pk_batch *);
/* A note on stderr, "dry run, nothing written: " first in a dry run. */
void pk_batch_note(const struct pk_batch *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * cli.c: common options, shared by every binary
 */
enum {
	PK_OPT_DB = 0x1000, PK_OPT_CONFIG, PK_OPT_TODAY, PK_OPT_JSON,
	PK_OPT_FORMAT, PK_OPT_VERSION, PK_OPT_COMPLETE, PK_OPT_WIDE, PK_OPT_BOM,
	PK_OPT_TOOL = 0x1100	/* first value free for a tool's own options */
};
#define PK_COMMON_OPTS \
	{"db", required_argument, NULL, PK_OPT_DB}, \
	{"config", required_argument, NULL, PK_OPT_CONFIG}, \
	{"today", required_argument, NULL, PK_OPT_TODAY}, \
	{"json", no_argument, NULL, PK_OPT_JSON}, \
	{"format", required_argument, NULL, PK_OPT_FORMAT}, \
	{"wide", no_argument, NULL, PK_OPT_WIDE}, \
	{"output", required_argument, NULL, 'o'}, \
	{"quiet", no_argument, NULL, 'q'}, \
	{"help", no_argument, NULL, 'h'}, \
	{"version", no_argument, NULL, PK_OPT_VERSION}, \
	{"complete", required_argument, NULL, PK_OPT_COMPLETE}, \
	{"bom", no_argument, NULL, PK_OPT_BOM}
/* The short forms of the common options, for getopt_long.  The leading
 * ':' has getopt report, not print, a missing value (cli.c says it). */
#define PK_SHORT_OPTS ":ho:q"
/*
 * Completion.  The scripts in completions/ know no tool: they ask it.
 * `TOOL --complete options` lists its long options; `TOOL --complete
 * arguments` prints "--OPTION KIND" for each option that takes a value
 * and "operands KIND" if it takes operands; `TOOL --complete KIND` the
 * candidates, one per line.  An option with a short form is listed under
 * both names ("--output files", "-o files").  KIND "files" (a file name)
 * and "none" (no candidates) the scripts handle themselves.  cli.c knows the kinds
 * peers active-peers inactive-peers roles regions sites supports
 * activities programs levels methods kinds categories provinces periods
 * dates years formats engagements (ids of those owed); a tool answers only the
 * kinds its own options take.
 */
struct pk_cli;
struct pk_complete {
	const char *option;	/* long name without "--", "" for the
				 * operands; NULL ends the table */
	const char *kind;
	const char *const *words;	/* candidates of the tool's own, after
					 * any cli.c knows for kind; or NULL */
	void (*fn)(struct pk_cli *);	/* more, printed by fn (config loaded) */
};
struct pk_cli {
	const char *db;		/* --db */
	const char *config_path;	/* --config */
	const char *output;	/* -o FILE; NULL: standard output */
	enum pk_format format;
	bool format_set;
	const struct option *longopts;
	/* The tool's usage: the synopsis, and the rest of the help when
	 * status is 0; it returns. */
	void (*usage)(FILE *, int status);
	const char *complete;	/* --complete WHAT, answered as it is parsed */
	const struct pk_complete *comp;	/* pk_cli_complete */
	struct pk_config cfg;
	pk_store *store;
	uint64_t seen;		/* the tool's options read, bit o - PK_OPT_TOOL */
	char **argv;		/* for the option a usage error names */
};
void pk_cli_init(struct pk_cli *, int argc, char *argv[],
    const struct option *longopts, void (*usage)(FILE *, int));
/* The kinds of value the tool's options take, for --complete; call it
 * before reading the options.  An option left out takes "none", but for
 * --db, --config and --output ("files"), --today ("dates") and --format
 * ("formats"); operands left out: the tool takes none. */
void pk_cli_complete(struct pk_cli *, const struct pk_complete *);
/* Handle a common option (--help, --version and --complete are answered
 * here, and exit); returns true if c was one.  An option of the tool's
 * own is noted for pk_cli_mode and false returned. */
bool pk_cli_option(struct pk_cli *, int c, const char *arg);
/* Check $PEERKIT_TODAY and $PEERKIT_NOW, start -o FILE, load the config
 * and open the store (mode as pk_store_open); any error is printed and
 * exits.  -o FILE: standard output goes to a temporary file beside FILE,
 * mode 0600, before the store is opened (PK_EX_CANTCREAT if it cannot
 * be made: nothing is written to the store); -o naming the store itself
 * is a usage error. */
void pk_cli_open(struct pk_cli *, int mode);
/* -o FILE taken up now, by a tool that opens no store with pk_cli_open
 * (pk_cli_open does it). */
void pk_cli_output(struct pk_cli *);
/* Close the store, free the config, check stdout; returns status, or
 * PK_EX_IOERR if stdout failed (saying whether changes were stored).
 * -o FILE: the temporary file is synced and renamed over FILE when the
 * output is whole: status 0, or 1 (an answer: something due), or changes
 * were stored (the output says what), and no batch voided it; otherwise
 * it is removed and FILE left as it was, as it is on exit() and on
 * SIGINT, SIGTERM, SIGHUP or SIGQUIT.  PK_EX_CANTCREAT if the rename
 * fails. */
int pk_cli_close(struct pk_cli *, int status);
/* What is on standard output is void (a batch that ended storing
 * nothing): a -o FILE is left as it was.  True when output goes to a
 * -o FILE, so that none of it has been seen. */
bool pk_cli_output_void(void);
/* Full SINs are about to go to standard output: a warning when it is a
 * regular file that group or others can read (a shell's > under umask
 * 022), suggesting -o.  Every output that carries full SINs calls it. */
void pk_cli_warn_sins(void);
/* One line from standard input, without its newline (malloc'd; the
 * caller wipes and frees it).  At a terminal: the prompt on stderr and
 * echo off while it is typed, the terminal restored on every way out,
 * a signal (INT TERM HUP QUIT, a stop) included.  Otherwise read
 * silently.  NULL at end of input (PK_EX_USAGE) or on a read error. */
char *pk_read_secret(const char *prompt);
/* Usage error: "prog: message" then the usage, exit 64. */
_Noreturn void pk_usage_error(struct pk_cli *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Modes: the ways a tool runs (a new record, a FILE, --list, --void...),
 * each with the options it takes.  pk_cli_option notes every option of
 * the tool's own that is read; pk_cli_mode then picks the mode the
 * command line chooses and refuses, as usage errors worded the same by
 * every tool, two modes at once, an option the mode does not take and
 * one it needs left out.  The option lists end with 0.
 */
enum { PK_MODE_DEFAULT = 0, PK_MODE_OPERAND = -1 };
struct pk_mode {
	const char *name;	/* "--list", "a FILE", "a new engagement" */
	const int *chosen_by;	/* options that choose it; NULL: none does
				 * (the default), or an operand does */
	int how;		/* PK_MODE_DEFAULT or PK_MODE_OPERAND when
				 * chosen_by is NULL */
	const int *takes;	/* the tool's options it takes beside those */
	const int *needs;	/* options it cannot do without */
};
/* Was the tool's option opt given? */
bool pk_cli_seen(const struct pk_cli *, int opt);
/* The mode of the command line (modes end with a NULL name). */
const struct pk_mode *pk_cli_mode(struct pk_cli *, const struct pk_mode *,
    int noperands);

/*
 * Option values with a fixed form, checked as the options are read, the
 * same in every mode: a value that is malformed, or not one of the
 * option's words, is a usage error naming the option, one line, exit 64.
 * (A value the configuration or the store refuses is bad data, 65.)
 */
_Noreturn void pk_value_error(const char *option, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
pk_day pk_cli_date(const char *option, const char *v);
void pk_cli_period(const char *option, const char *v, struct pk_period *);
int pk_cli_year(const char *option, const char *v);
int64_t pk_cli_money(const char *option, const char *v);
int pk_cli_hours(const char *option, const char *v);
/* A whole number of what ("days") from min to max. */
int64_t pk_cli_count(const char *option, const char *v, int64_t min,
    int64_t max, const char *what);
/* A record named by its id (digits) or uuid; what names the record
 * ("an engagement").  Whether there is one is the store's to say. */
void pk_cli_record(const char *option, const char *v, const char *what);
/* v is one of words; what names them in the message ("a payment
 * method"), which lists them. */
void pk_cli_word(const char *option, const char *v, const char *const words[],
    const char *what);
/* --input-format csv|jsonl, for the tools that read records. */
enum pk_input_format pk_cli_input_format(const char *option, const char *v);

/*
 * peer.c: peers
 */
#define PK_ALIAS_MAX 100
#define PK_DEMOGRAPHICS_MAX 4096	/* bytes of the object as compact JSON */
struct pk_peer {
	int64_t id;
	char uuid[37];
	char *alias, *surname, *given_name, *initial, *sin;
	char *address_line1, *address_line2, *city, *province, *postal_code,
	    *country, *phone, *email;
	char *role, *region, *site, *payment_method, *benefit_program, *notes;
	char *term_end;		/* the day the role's term ends, or NULL */
	char *role_since;	/* the day the role was taken (role.c) */
	json_t *sin_requested;	/* array of dates */
	json_t *demographics;	/* object, or NULL */
	char *status;		/* "active" / "inactive" */
	char *created_at, *updated_at;
	int64_t merged_into;	/* the record this one was merged into, or 0 */
};
extern const struct pk_field pk_peer_fields[];	/* JSON fields, in order */
void pk_peer_free(struct pk_peer *);
/* Apply the fields of a JSON record to p (fields absent stay).  Unknown
 * fields, wrong types and invalid values are errors naming the field. */
int pk_peer_apply(const struct pk_config *, struct pk_peer *, json_t *rec);
/* Add a date on which the peer was asked for a SIN to p->sin_requested,
 * a history kept in date order, each day once (a JSON record's list is
 * put in that order too).  A date that is not real or is after today is
 * PK_EX_DATAERR naming the field. */
int pk_peer_sin_requested(struct pk_peer *, const char *date);
/* Checks the whole record (alias present, lists from config, ...). */
int pk_peer_validate(const struct pk_config *, const struct pk_peer *);
/* SIN masked; as_held: the SIN's token as held, to compare two records
 * (never printed). */
json_t *pk_peer_json(const struct pk_peer *, bool as_held);
/* The record with its SIN in full: needs the secret key (PK_EX_NOPERM
 * without it). */
int pk_peer_json_revealed(pk_store *, const struct pk_peer *, json_t **);
/* Insert (new uuid unless set) or update by id; audited.  An update
 * that changes nothing writes nothing; *changed (may be NULL) says which. */
int pk_peer_insert(pk_store *, struct pk_peer *);
int pk_peer_update(pk_store *, struct pk_peer *, bool *changed);
/* A peer record stored: an update of the peer ref names (--update REF),
 * else of the peer with the record's uuid, else a new peer; add_dates
 * (may be NULL) are dates of SIN requests to add.  p gets the peer as
 * stored (free it), *outcome what was done.  Audited. */
enum { PK_PEER_ADDED, PK_PEER_UPDATED, PK_PEER_UNCHANGED };
int pk_peer_upsert(pk_store *, const struct pk_config *, json_t *rec,
    const char *ref, json_t *add_dates, struct pk_peer *p, int *outcome);
int pk_peer_get(pk_store *, int64_t id, struct pk_peer *);
/* A Canadian postal code (any case, spaces anywhere) as "V6A 1A1" in
 * out: the one rule for peers and the payer.  false if it is not one. */
bool pk_postal_ca(const char *s, char out[8]);
/* Forget a peer (ref): legal name, SIN, address, phone and email erased
 * from the record, from their slips on file and from the audit trail's
 * values, the alias, money and the fields erased kept (audited).  The
 * peer must be inactive, and six years past the end of the last tax
 * year their details support (a taxable payment, a slip on file): the
 * CRA's record-keeping rule.  PK_EX_DATAERR otherwise, saying when.  p
 * gets the record as it is now; *outcome PK_FORGET_NOTHING when there
 * was nothing left to erase. */
enum { PK_FORGET_DONE, PK_FORGET_NOTHING };
int pk_peer_forget(pk_store *, const char *ref, struct pk_peer *p,
    int *outcome);
/* 0 and *found false when no peer has that uuid. */
int pk_peer_by_uuid(pk_store *, const char *uuid, struct pk_peer *, bool *found);
/* REF: an id (digits), a uuid, or an alias that is unique as the fold
 * of lib/utf8.c matches it (case, accents, apostrophes; an alias the same
 * byte for byte, then in NFC, wins).  Unknown: PK_EX_DATAERR; ambiguous: PK_EX_DATAERR with
 * the candidates listed (id, role, region, site).  pk_peer_apply refuses
 * a new alias of digits or shaped like a uuid, which could never be a
 * REF; an old store's such alias is reached by uuid. */
int pk_peer_resolve(pk_store *, const char *ref, struct pk_peer *);
struct pk_peer_filter {
	const char *role, *region, *site, *status, *search;
};
/* Calls fn for each peer in id order; stops on a non-zero return. */
int pk_peer_each(pk_store *, const struct pk_peer_filter *,
    int (*fn)(const struct pk_peer *, void *), void *arg);

/*
 * peer-merge.c: one person's two records made one
 */
/* One person's two records made one: dup's engagements, payments, credit,
 * onboarding steps and dates of SIN requests go to keep, and keep takes
 * what it lacks of dup's details (legal name, SIN, address, phone,
 * email); dup stays on record, inactive, merged into keep.  Audited.
 * Two different SINs or legal names are refused (PK_EX_DATAERR), as are
 * a record merged already into another, a record merged being kept, and
 * an inactive keep for an active dup.  keep gets the record kept, as
 * stored; *outcome PK_MERGE_DONE, or PK_MERGE_ALREADY when dup was
 * merged into keep before (nothing written). */
enum { PK_MERGE_DONE, PK_MERGE_ALREADY };
int pk_peer_merge(pk_store *, const char *dup_ref, const char *keep_ref,
    struct pk_peer *keep, int *outcome);
/* The record peer id is now: the one it was merged into (at the end of
 * a chain of merges), or id itself. */
int pk_peer_kept(pk_store *, int64_t id, int64_t *kept);

/*
 * role.c: a peer's roles over time (the path along the continuum)
 *
 * Every role a peer takes is kept with the day it was taken.  The role
 * held on a day is the one taken last on or before it; before the first
 * one known, the first (nothing older was kept).  Summaries by role
 * group each engagement by the role held on its date.
 */
typedef struct pk_roles pk_roles;
/* Every peer's history, read once, for pk_role_on. */
int pk_roles_load(pk_store *, pk_roles **);
void pk_roles_free(pk_roles *);
/* The role peer_id held on date (YYYY-MM-DD); NULL: none. */
const char *pk_role_on(const pk_roles *, int64_t peer_id, const char *date);
/* The path of one peer, oldest first: an array of {role, from, until
 * (null for the role held now), days (until that day, or today),
 * current}. */
int pk_role_path_json(pk_store *, int64_t peer_id, json_t **);
/* The role after role in the progression (cfg->progression, else the
 * order of cfg->roles; a peer with no role: the first), NULL at the
 * last; *on_path false (and NULL) when role is not on it. */
const char *pk_progression_next(const struct pk_config *, const char *role,
    bool *on_path);

/*
 * resolve.c: which peer a reference or a record means
 *
 * One rule, one set of messages and one cache for every tool.  A REF is
 * an id (digits), a uuid, or an alias only one peer has (case aside);
 * unknown or ambiguous (the candidates listed) is PK_EX_DATAERR.  The
 * peer found is good until the next lookup: copy what is kept.
 */
struct pk_peer_ref {
	int64_t id;
	char uuid[37];
	char *alias, *region, *site, *payment_method, *benefit_program;
	bool active;
	unsigned missing;		/* what a T4A slip would lack: PK_T4A_NO_* */
};
int pk_resolve(pk_store *, const char *ref, const struct pk_peer_ref **);
int pk_resolve_id(pk_store *, int64_t id, const struct pk_peer_ref **);
/* A record's peer: "peer_uuid", else "peer" (a REF), else "peer_id",
 * else "alias" finds it, and each other one given must name the same
 * peer (PK_EX_DATAERR otherwise, naming both), but for a peer_id beside
 * a peer_uuid: another store's id, in a merge.  *out is NULL when the
 * record names none. */
int pk_resolve_record(pk_store *, json_t *rec, const struct pk_peer_ref **out);
/* Peers have changed: what was looked up is looked up again. */
void pk_resolve_forget(pk_store *);

/*
 * hours.c: hours as typed and shown, and the honorarium they earn
 *
 * Hours are stored exactly, as whole minutes.
 */
#define PK_HOURS_BUFSZ 24

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

/*
 * engagement.c: engagements, what peers did; records from JSON and back,
 * the store, voiding and listing
 *
 * The honorarium due is int64 cents, from the activity's rate
 * (pk_engagement_due) unless the record sets it.  Writes to payment_id
 * belong to payment.c: nothing here pays or settles.
 */
/* The spectrum of engagement, in order: inform ... empower. */
extern const char *const pk_levels[];
/* The derived statuses: unpaid, part-paid, paid, no-honorarium, void. */
extern const char *const pk_engagement_statuses[];
extern const struct pk_field pk_engagement_input[];	/* what a record read may hold */

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
	int64_t amount_paid;		/* of it, allocated (ledger.c) */
	int64_t paid_elsewhere;		/* of that, paid in the store it came
					 * from, by payments not imported */
	int64_t payment_id;		/* the payment that settled it in full;
					 * 0: not paid in full */
	char payment_uuid[37];		/* its payment's uuid; "": not paid */
	bool arrived_paid;		/* pk_engage_save: paid in the store it
					 * came from, by payments not here */
	bool voided;			/* stored status 'void' */
	bool exported;			/* the record read was a stored one's
					 * export (it has created_at) */
	char *void_reason;
	char *created_at, *updated_at;
};
void pk_engagement_free(struct pk_engagement *);
/* What e still owes: amount_due - amount_paid, nothing when void. */
int64_t pk_engagement_balance(const struct pk_engagement *);
/* "void", "no-honorarium", "paid", "part-paid" or "unpaid", in that
 * order of rule. */
const char *pk_engagement_status(const struct pk_engagement *);
json_t *pk_engagement_json(const struct pk_engagement *);
/* pk_engagement_json's record printed by a batch. */
int pk_engagement_put(struct pk_batch *, const struct pk_engagement *);

/*
 * A run of records to store: it keeps the peers it has looked up (the
 * store's peers do not change under a write transaction), so a batch of
 * a million lines costs one lookup per distinct peer, not per line.
 */
typedef struct pk_engage pk_engage;
pk_engage *pk_engage_new(pk_store *, const struct pk_config *);
void pk_engage_free(pk_engage *);
/* The records are a group, one engagement for each peer named (engage-log
 * --peer A --peer B ...): a peer named twice is refused. */
void pk_engage_group(pk_engage *);
/* A record from JSON (the fields of pk_engagement_input: those written,
 * and "peer", a REF).  Checks types and formats; what depends on the config and the
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
 * active peer, a date not after today and configured values.  One that
 * arrives paid in another store (amount_paid, payment_uuid) is stored
 * paid as far as it was there, that part paid_elsewhere, and
 * e->arrived_paid set: its payments take it over when they are imported
 * (honorarium-pay); one with a payment_id alone is refused.  *outcome
 * gets PK_ENGAGE_ADDED or PK_ENGAGE_UNCHANGED. */
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
	const char *status;		/* a derived status, or "owed" (unpaid
					 * or part-paid); NULL: any */
};
/* Calls fn for each match, by date then id; stops on a non-zero return. */
int pk_engagement_each(pk_store *, const struct pk_engagement_filter *,
    int (*fn)(const struct pk_engagement *, void *), void *arg);

/*
 * summary.c: the summary of a period
 *
 * Void engagements left out; one row per group (by a key of
 * pk_summary_keys), then the total.
 */
#define PK_SHARE_BUFSZ 24
extern const char *const pk_summary_keys[];	/* peer role region ... */
enum { PK_LEVELS = 5 };
struct pk_summary_row {
	char *group;			/* NULL: no value, or the total */
	int64_t peer_id;		/* by peer */
	bool total, suppressed;
	bool protects;			/* suppressed only to protect another */
	int64_t engagements, peers, minutes, due, paid;
	int64_t levels[PK_LEVELS];	/* engagements at each level */
	/* With rates: the minutes of engagements whose activity has a
	 * configured rate, and the sum of that hourly rate x minutes. */
	int64_t rated_minutes, rate_weight;
	int64_t *supports;		/* per name of pk_summary.supports */
};
struct pk_summary {
	const char *by;			/* NULL: no grouping */
	char from[PK_DATE_BUFSZ], to[PK_DATE_BUFSZ];
	int suppress;			/* 0: none */
	bool rates;			/* pk_summary_rate asked for */
	struct pk_summary_row *rows;	/* the groups, then the total */
	size_t n;
	struct pk_strlist supports;	/* configured, then any others found */
};
/* by: NULL or one of pk_summary_keys.  suppress N > 1 hides every group
 * of fewer than N distinct peers, then more groups (smallest first) until
 * the hidden ones hold N peers between them, so the total cannot give
 * them away (pk_suppress: such a group has protects set); the total too
 * if it has fewer than N. */
int pk_engagement_summary(pk_store *, const struct pk_config *,
    const struct pk_period *, const char *by, int suppress,
    struct pk_summary *);
/* Several summaries from one pass over the engagements: each by its own
 * key over its own period, all with the same suppress.  An unknown key
 * fails before any is made; on failure none is left to free. */
struct pk_summary_ask {
	const struct pk_period *p;
	const char *by;			/* NULL or one of pk_summary_keys */
	struct pk_summary *sum;		/* filled */
	bool counts;			/* only engagements, peers and levels
					 * are asked: the other figures are
					 * not to be read (a pass of counts
					 * alone leaves them 0) */
};
int pk_engagement_summaries(pk_store *, const struct pk_config *,
    struct pk_summary_ask *, size_t n, int suppress);
void pk_summary_free(struct pk_summary *);
/* pk_engagement_summary with the rates (sum->rates): each row's rated
 * minutes and weight, for pk_summary_rate. */
int pk_engagement_rates(pk_store *, const struct pk_config *,
    const struct pk_period *, const char *by, int suppress,
    struct pk_summary *);
/* Pay equity, the one rule: a row's honorarium due per hour (*rate,
 * cents: due x 60 / minutes) beside the configured rate weighted by
 * hours (*configured: the activities' hourly rates, each weighted by
 * its minutes; flat fees and minimums left out, and engagements of an
 * activity no longer configured too), both rounded half up to the
 * cent; -1 where there are no minutes.  True when the rate due is
 * below the configured rate (as rounded). */
bool pk_summary_rate(const struct pk_summary_row *, int64_t *rate,
    int64_t *configured);
/* Small cells, one rule for every table (summary.c): a cell standing
 * for 1 to threshold - 1 people is hidden as small (PK_HIDDEN_SMALL); a
 * count of none is shown.  complement: a total is shown beside the
 * cells, so while the hidden cells stand for fewer than threshold people
 * together (pool: how many, distinct; NULL: their sum), the smallest cell
 * shown is hidden too, to protect them (PK_HIDDEN_OTHER).  A threshold
 * of 0 or 1 hides nothing. */
enum pk_hide { PK_SHOWN, PK_HIDDEN_SMALL, PK_HIDDEN_OTHER };
extern const char *const pk_hide_names[];	/* shown small complementary */
struct pk_cell {
	int64_t people;			/* the people the cell stands for */
	enum pk_hide hide;
};
typedef int64_t pk_pool_fn(const struct pk_cell *, size_t n, void *arg);
void pk_suppress(struct pk_cell *, size_t n, int threshold, bool complement,
    pk_pool_fn *pool, void *arg);
/* A cell as shown: v, "<N" (small) or "hidden" (to protect another). */
#define PK_CELL_BUFSZ 24
const char *pk_cell_text(const struct pk_cell *, int threshold, int64_t v,
    char *buf);
/* Percent with one decimal, rounded half up: "33.3"; whole > 0. */
char *pk_share_fmt(int64_t part, int64_t whole, char *buf);
/* One row as JSON: money as strings, counts as integers, a suppressed
 * row's figures null. */
json_t *pk_summary_json(const struct pk_summary *, const struct pk_summary_row *);

/*
 * payment.c: payments, voids, payroll runs, totals and receipts
 *
 * Everything here runs inside the caller's transaction (pk_store_begin),
 * so a batch or a payroll run is all or nothing.  A payment, once stored,
 * is never edited: it is voided.  The engagements a payment settles get
 * its id (engagements.payment_id) in the same transaction, audited.
 */
extern const char *const pk_pay_kinds[];	/* honorarium reimbursement */
extern const struct pk_field pk_payment_input[];	/* what a record read may hold */
extern const char *const pk_pay_categories[];	/* transit childcare meal other */
extern const char *const pk_payment_fields[];	/* JSON fields, in order */

/* What a payment record stated, as opposed to what was defaulted: a
 * duplicate (same ref or uuid) must agree on what was stated.  And how:
 * engagements by uuid (the same in every store) or by this store's ids;
 * with created_at, as a stored payment's export does. */
enum {
	PK_PAYF_AMOUNT = 1, PK_PAYF_DATE = 2, PK_PAYF_METHOD = 4,
	PK_PAYF_ENGAGEMENTS = 8, PK_PAYF_BY_UUID = 16, PK_PAYF_BY_ID = 32,
	PK_PAYF_EXPORT = 64
};

struct pk_payment {
	int64_t id;
	char uuid[37];			/* "" until stored, unless given */
	int64_t peer_id;
	char peer_uuid[37];
	char *alias;
	char date[PK_DATE_BUFSZ];	/* the day the money was received */
	int64_t amount;			/* cents: what the peer received */
	/* Cash rounding (cash.c): amount minus what was owed, -2..2 cents;
	 * the ledger allocates amount - rounding. */
	int64_t rounding;
	char *method, *kind, *category, *ref, *note;
	/* The engagements it pays: those a record names (and, replaying
	 * another store's payment, what each gets, in amounts); of a payment
	 * on record, what its allocations pay now, and the credit left. */
	int64_t *engagements;
	char (*engagement_uuids)[37];	/* and their uuids, in that order */
	int64_t *amounts;		/* NULL: what each still owes */
	size_t nengagements;
	int64_t credit;
	int64_t *named;			/* on record: what it was asked to pay */
	size_t nnamed;
	json_t *warnings;		/* array of strings, or NULL */
	char *status;			/* "paid" / "void" */
	char *void_reason, *voided_at, *created_at, *updated_at;
	unsigned given;			/* PK_PAYF_* */
};

void pk_payment_free(struct pk_payment *);
json_t *pk_payment_json(const struct pk_payment *);
/* pk_payment_json's record printed by a batch. */
int pk_payment_put(struct pk_batch *, const struct pk_payment *);
/*
 * Read a payment record into p (which it initialises): the fields of
 * pk_payment_json, where "peer" (a REF), "peer_uuid", "peer_id" or
 * "alias" name the peer, in that order of precedence (an "alias" given
 * with another must match), and "engagement_uuids" (uuids), else
 * "engagements" (ids or uuids), the engagements to settle (without a
 * peer, the peer is theirs); with engagement_uuids, the ids of
 * "engagements" are another store's and only their number is checked.
 * An engagement uuid this store does not hold is PK_EX_DATAERR: a merge
 * imports the engagements first.  Defaults: kind honorarium, date today,
 * method the peer's, else config's.  An amount left out is what the
 * engagements are due.  Checks each field (PK_EX_DATAERR naming it);
 * does not look at what is paid already and writes nothing.
 */
int pk_payment_apply(pk_store *, const struct pk_config *, json_t *rec,
    struct pk_payment *p);

/* flags: PK_PAY_STRICT, limit warnings refuse; PK_PAY_DRYRUN (plans
 * only, pk_payplan_opts): each payment is made as it would be stored
 * (id, uuid, warnings) and nothing is written. */
enum { PK_PAY_STRICT = 1, PK_PAY_DRYRUN = 2 };
/* outcomes: paid; on record already; kept void (another store's) */
enum { PK_PAY_PAID, PK_PAY_DUPLICATE, PK_PAY_KEPT_VOID };
/*
 * Pay p (from pk_payment_apply); p is freed with pk_payment_free either
 * way.  A ref or uuid already on record for
 * the same payment is PK_PAY_DUPLICATE: nothing is written and p becomes
 * the payment on record.  For a different payment, or one that is void,
 * it is PK_EX_DATAERR.  A void payment exported from another store (its
 * uuid, created_at, void_reason and voided_at) is stored void, settling
 * nothing; an export that names engagements by id alone is refused (ids
 * are the store's own).  Then the peer must be active, each engagement
 * unpaid, not void and the peer's, and the amount what they are due
 * unless a note says why not.  Warnings (gift card, T4A threshold,
 * benefit limits) land in p->warnings; under PK_PAY_STRICT a benefit
 * limit warning is a refusal, PK_EX_NO, with nothing written.  On
 * success p holds the stored payment, and it and every engagement it
 * settles are audited.
 */
int pk_payment_pay(pk_store *, const struct pk_config *, struct pk_payment *p,
    int flags, int *outcome);
/* The benefit rule: a year's earnings (taxable) against b's annual
 * limit: over it, at or past 75% of it (a warning: BC's letter goes out
 * once a peer has "reached 75 per cent"), or under (also when b is NULL
 * or has no annual limit). */
enum { PK_LIMIT_UNDER, PK_LIMIT_NEAR, PK_LIMIT_OVER };
int pk_benefit_annual(const struct pk_benefit *b, int64_t earnings);
/* Is warning w (from p->warnings) one a benefit limit raised? */
bool pk_payment_limit_warning(const char *w);
/*
 * A run of payments, for a batch: the same as pk_payment_apply and
 * pk_payment_pay, but it keeps the peers it has looked up and each
 * peer's running taxable totals (year, month), read once from the store
 * and then kept by each payment it makes, so a batch costs the same per
 * payment however large the store.  Use it inside one transaction, and
 * make every payment of that transaction through it (a void is not:
 * free it first).  Its memory is bounded.
 */
typedef struct pk_payrun pk_payrun;
pk_payrun *pk_payrun_new(pk_store *, const struct pk_config *);
void pk_payrun_free(pk_payrun *);
int pk_payrun_apply(pk_payrun *, json_t *rec, struct pk_payment *p);
int pk_payrun_pay(pk_payrun *, struct pk_payment *p, int flags,
    int *outcome);
/* REF: a payment id or uuid.  Unknown: PK_EX_DATAERR. */
int pk_payment_get(pk_store *, const char *ref, struct pk_payment *p);
/* Void the payment REF: it stays on record with the reason, leaves every
 * total, and what it paid is owed again (then the peer's credit, if any,
 * pays it: pk_ledger_unallocate); audited.  A void payment is
 * PK_EX_DATAERR.  p gets the voided payment, *released the number of
 * engagements it had paid; on failure p holds nothing. */
int pk_payment_void(pk_store *, const char *ref, const char *reason,
    struct pk_payment *p, size_t *released);

struct pk_payment_filter {
	int64_t peer_id;		/* 0: every peer */
	const char *from, *to;		/* dates, inclusive; NULL: open */
	const char *method, *kind, *status;	/* NULL: any */
};
/* Calls fn for each payment by date, then id; stops on a non-zero
 * return.  Indexed by peer or by date. */
int pk_payment_each(pk_store *, const struct pk_payment_filter *,
    int (*fn)(const struct pk_payment *, void *), void *arg);

/* The taxable rule: honoraria paid (not void), counted on the day the
 * money was received; reimbursements never count.  The one function for
 * a peer's taxable total from..to inclusive (read from the covering
 * index payments_peer), a person's: with the records that hold the same
 * SIN, as a slip totals them; and for one payment. */
int pk_payment_taxable(pk_store *, int64_t peer_id, const char *from,
    const char *to, int64_t *cents);
bool pk_payment_is_taxable(const struct pk_payment *);

struct pk_payment_totals {
	int64_t peer_id;
	const char *peer_uuid, *alias;
	int year;
	int64_t taxable;		/* honoraria paid in the year */
	int64_t reimbursements;		/* not income */
	int64_t month_to_date;		/* honoraria from the 1st of today's month to today */
	int64_t count;			/* payments (not void) in the year */
};
/* Per peer with a payment in the year (peer_id 0: every peer), in peer
 * id order; "today" is pk_today(). */
int pk_payment_totals(pk_store *, int year, int64_t peer_id,
    int (*fn)(const struct pk_payment_totals *, void *), void *arg);
json_t *pk_payment_totals_json(const struct pk_payment_totals *);
/* The payments of a period (by the day the money was received): the
 * honoraria (the taxable rule), of them paid in cash, the peers they
 * paid; reimbursements (paid) by category, in the order of
 * pk_pay_categories, the last slot for those with none. */
enum { PK_PAY_NCATEGORIES = 4 };
struct pk_payment_period {
	int64_t honoraria, cash, peers_paid;
	int64_t reimbursed[PK_PAY_NCATEGORIES + 1];
	int64_t reimbursed_peers[PK_PAY_NCATEGORIES + 1];
};
int pk_payment_period(pk_store *, const struct pk_period *,
    struct pk_payment_period *);

/*
 * Payroll: a plan of engagements, paid one payment per peer at the sum
 * they are due.  The plan lives in a temporary table of the store, so a
 * run over 100,000 engagements holds one peer's engagements in memory at
 * a time.  Call inside a transaction: pk_payplan_start first.
 */
int pk_payplan_start(pk_store *);
/* Add to the plan every unpaid engagement in the period with an amount
 * due, of an active peer (peer_id 0: every peer), as they stand when the
 * plan is paid; one period per plan.  *inactive: unpaid engagements of
 * inactive peers, left out. */
int pk_payplan_period(pk_store *, const struct pk_period *, int64_t peer_id,
    size_t *inactive);
/* Is this input record an engagement (amount_due, no amount)? */
bool pk_payplan_is_engagement(json_t *rec);
enum {
	PK_PLAN_ADDED, PK_PLAN_REPEATED, PK_PLAN_ALREADY_PAID,
	PK_PLAN_NOTHING_DUE, PK_PLAN_INACTIVE
};
struct pk_plan_add {
	int outcome;			/* PK_PLAN_* */
	int64_t engagement_id;
	int64_t payment_id;		/* PK_PLAN_ALREADY_PAID: by which */
	int64_t peer_id;		/* the engagement's peer */
	char alias[PK_ALIAS_MAX * 4 + 1];	/* and alias (UTF-8) */
	int64_t due;			/* the amount due on record */
	int64_t owed;			/* and what it still owes */
	int64_t stated;			/* amount_due in the record; -1: none */
};
/* Add the engagement of an input record (engage-log --json), found by
 * uuid, else id; its amount_due is read from the store, never from the
 * record.  Paid already, nothing due, an inactive peer's (left out, as
 * in a run over a period) or listed again: res->outcome says so.  Void
 * or unknown: PK_EX_DATAERR. */
int pk_payplan_add(pk_store *, json_t *rec, struct pk_plan_add *res);
struct pk_payplan_opts {
	const char *date;		/* NULL: today */
	const char *method;		/* NULL: the peer's, else config's */
	int flags;			/* PK_PAY_STRICT, PK_PAY_DRYRUN */
	pk_payrun *run;			/* the batch's; NULL: one of its own */
};
/* Pay the plan in peer id order.  fn gets each payment with its status:
 * 0, or a refusal (PK_EX_DATAERR, PK_EX_NO), its message recorded and
 * nothing of it written; fn returns 0 to go on, else the run stops with
 * that status.  Any other failure stops the run: roll back. */
int pk_payplan_pay(pk_store *, const struct pk_config *,
    const struct pk_payplan_opts *, int (*fn)(struct pk_payment *, int rc,
    void *), void *arg);

/* A printable receipt for p: plain text, or a self-contained HTML page
 * (all text escaped).  Amount in figures and words, engagements, and
 * signature lines for the peer and a witness; VOID when it is. */
int pk_payment_receipt(pk_store *, const struct pk_config *,
    const struct pk_payment *p, FILE *, bool html);

/*
 * ledger.c: what is owed, what was paid for what, and credit
 *
 * Every honorarium paid is allocated to engagements: those it names, in
 * their order, then the peer's oldest open balances; what is left is the
 * peer's credit, which the next engagements consume.  A peer is never
 * both owed money and in credit.  The allocations are a journal of the
 * store (rows added, never edited); each row moves an engagement's
 * amount_paid or the peer's credit with it, audited.  Everything here
 * runs inside the caller's write transaction.
 */
struct pk_allocation {
	int64_t engagement_id;
	char engagement_uuid[37];
	int64_t amount;			/* cents */
};
/* What one payment allocated: v[n] (malloc'd) and the credit it left. */
struct pk_allocated {
	struct pk_allocation *v;
	size_t n, cap;
	int64_t credit;			/* cents */
};
/* Allocate the stored payment p (an honorarium, paid): amounts, if not
 * NULL, are what each engagement of p->engagements gets (a merge replays
 * another store's), else what each still owes, as far as p goes.  A
 * payment from another store's export (PK_PAYF_EXPORT) first takes over
 * what its engagements arrived paid elsewhere.  got (may be NULL; zeroed
 * by the caller) gets what was allocated, as pk_ledger_of_payment would
 * read it back. */
int pk_ledger_allocate(pk_store *, const struct pk_payment *p,
    const int64_t *amounts, struct pk_allocated *got);
/* A payment voided: every allocation of it undone, then the peer's
 * credit settled. */
int pk_ledger_unallocate(pk_store *, int64_t payment_id, int64_t peer_id);
/* An engagement voided: what was paid of it goes back to credit, then
 * the peer's credit is settled. */
int pk_ledger_release(pk_store *, int64_t engagement_id, int64_t peer_id);
/* The peer's credit to their open balances, oldest first; *moved (may
 * be NULL) says whether any was. */
int pk_ledger_settle(pk_store *, int64_t peer_id, bool *moved);
/* An engagement that arrived paid elsewhere (want, of its amount paid)
 * by payment named_uuid (may be NULL), which this store holds: that
 * payment's credit here takes it over; *taken says how much.  See
 * ledger.c. */
int pk_ledger_take_over(pk_store *, int64_t engagement_id, int64_t peer_id,
    const char *named_uuid, int64_t want, int64_t *taken);
/* What engagement id still owes (due - paid), and of what it has been
 * paid, what was paid elsewhere (held may be NULL). */
int pk_ledger_owed(pk_store *, int64_t engagement_id, int64_t *owed,
    int64_t *held);
/* A payment's allocations now, in the order made (malloc'd, *n of them),
 * and the credit it leaves. */
int pk_ledger_of_payment(pk_store *, int64_t payment_id,
    struct pk_allocation **out, size_t *n, int64_t *credit);

struct pk_balance {
	int64_t peer_id;
	const char *peer_uuid, *alias;
	int64_t due, paid, owed;	/* engagements of the period */
	int64_t credit;			/* held now */
};
/* Per peer with engagements in the period, or credit (per NULL: all
 * time; peer_id 0: every peer), in id order; fn's non-zero return stops
 * the walk. */
int pk_ledger_balances(pk_store *, const struct pk_period *, int64_t peer_id,
    int (*fn)(const struct pk_balance *, void *), void *arg);
/* peer_id, peer_uuid, alias, due, paid, owed, credit: money as strings. */
json_t *pk_balance_json(const struct pk_balance *);

/*
 * cash.c: Canadian cash rounding and the notes and coins of a payment
 */
enum { PK_CASH_NDENOMS = 10 };
/* 100.00 50.00 20.00 10.00 5.00 (notes) 2.00 1.00 0.25 0.10 0.05, in
 * cents and as text. */
extern const int64_t pk_cash_denoms[PK_CASH_NDENOMS];
extern const char *const pk_cash_names[PK_CASH_NDENOMS];
/* The Government of Canada's rounding of a cash total to 0.05: what to
 * add to cents (-2..2); 12.53 gives 2 (12.55), 12.52 gives -2 (12.50). */
int64_t pk_cash_rounding(int64_t cents);
/* Is cents the value of a Canadian note? */
bool pk_cash_note(int64_t cents);
/* The notes (none larger than largest_note) and coins that make cents, a
 * multiple of 0.05: count[i] of pk_cash_denoms[i]. */
void pk_cash_envelope(int64_t cents, int64_t largest_note,
    int64_t count[PK_CASH_NDENOMS]);
/* A cash plan: each cash payment's envelope, and what to withdraw. */
struct pk_cashplan {
	int64_t largest_note;		/* cents */
	int64_t amount, rounding;	/* of them all */
	int64_t count[PK_CASH_NDENOMS];
	struct pk_col cols[PK_CASH_NDENOMS + 6];	/* a table's */
};
void pk_cashplan_init(struct pk_cashplan *, const struct pk_config *);
/* p's envelope, added to the plan: record "envelope", payment_id,
 * payment_uuid, alias, date, owed, rounding, amount, then (flat: a table
 * or CSV) a count per denomination named as pk_cash_names, else
 * "envelope": [{"denomination", "count"}] of those used.  New reference. */
json_t *pk_cashplan_add(struct pk_cashplan *, const struct pk_payment *p,
    bool flat);
/* What to withdraw: the fields of pk_cashplan_add, record "withdraw",
 * payment_id, payment_uuid, alias and date null (flat: payment_id
 * "TOTAL", alias "(withdraw)"), and the sums.  New reference. */
json_t *pk_cashplan_total(const struct pk_cashplan *, bool flat);

/*
 * t4a.c: yearly T4A totals, readiness, the payer, statements
 *
 * Taxable payments are those with status paid and kind honorarium,
 * counted in the calendar year of their date (the day the money was
 * received).  Reimbursements and void payments never count.  A peer
 * needs a slip when the year's total is strictly more than
 * cfg->t4a_threshold.
 */
enum {
	PK_T4A_NO_SURNAME = 1,	/* legal surname */
	PK_T4A_NO_SIN = 2,
	PK_T4A_NO_ADDRESS = 4,	/* line 1, city, province and postal code
				 * (outside Canada and the USA: line 1 and
				 * city) */
	PK_T4A_DUPLICATE = 8,	/* the SIN is on another record too: merge */
	PK_T4A_SCRIPT = 16	/* with 1 or 4: what is on file is in letters
				 * the CRA's return cannot carry (pk_cra_text) */
};
struct pk_t4a {
	struct pk_peer peer;
	int year;
	int64_t payments;	/* taxable payments counted */
	int64_t total;		/* their sum, cents */
	bool required;		/* total > t4a.threshold */
	unsigned missing;	/* PK_T4A_NO_*: what a slip would lack */
};
/* Calls fn for each peer with taxable payments in year, in id order:
 * only those who need a slip, or every one of them with all.  One
 * aggregate query over the payments_peer index; the peer is read for
 * each row.  fn's non-zero return stops the walk and is returned. */
int pk_t4a_each(pk_store *, const struct pk_config *, int year, bool all,
    int (*fn)(const struct pk_t4a *, void *), void *arg);
/* The peers of pk_t4a_each who need a slip that is not ready
 * (pk_t4a_ready), counted into *n: the same walk, each peer read only for
 * the columns pk_t4a_missing asks. */
int pk_t4a_unready(pk_store *, const struct pk_config *, int year,
    int64_t *n);
/* What a slip for p would lack, PK_T4A_NO_* bits: a field that is NULL
 * or only white space is missing.  The one rule: the report, the return
 * and honorarium-pay's warning all ask it. */
unsigned pk_t4a_missing(const struct pk_peer *);
/* Country code CAN (or none) or USA: an address with a province or
 * state code of its own; any other country's carries ZZ. */
bool pk_t4a_domestic(const char *country);
/* The bits in words for a message, into buf: "legal surname, SIN,
 * address", or what of it is missing; "" for none.  Returns buf. */
#define PK_T4A_MISSING_BUFSZ 128
const char *pk_t4a_missing_text(unsigned missing, char *buf, size_t size);
/* Nothing stands in the way of filing: no slip is needed, or the slip
 * has surname, SIN and address. */
bool pk_t4a_ready(const struct pk_t4a *);
/* peer_id, peer_uuid, alias, year, payments, total ("612.50"),
 * slip_required, ready, missing (list of "surname", "sin", "address"),
 * sin_requested (list of dates).  No SIN, masked or not. */
json_t *pk_t4a_json(const struct pk_t4a *);

/* What a return needs of the payer section: name, account_number (nine
 * digits, RP, four digits), address (line1, city, province,
 * postal_code; country CAN if empty), contact name, phone and email.
 * for_xml false checks only what a statement prints (the name).
 * PK_EX_CONFIG with the config file and the dotted key. */
int pk_t4a_payer_check(const struct pk_config *, bool for_xml);

/* A plain-text statement of one slip for the recipient: payer, year,
 * box, amount, the details on file (SIN masked), what to do if they
 * are wrong.  Statements end with a form feed line. */
int pk_t4a_statement(FILE *, const struct pk_config *, const struct pk_t4a *);
/* The T4A Summary of a paper return of slips required slips totalling
 * total cents (t4a-summary.c): line 088, the box's line (048, or 101
 * for code 028), tax deducted and remittances 0, the contact.  Checks
 * the payer as the XML return does (PK_EX_CONFIG). */
int pk_t4a_summary(FILE *, const struct pk_config *, int year, size_t slips,
    int64_t total);
/* The CRA requires a return of more than this many slips of one type to
 * be filed electronically (penalty from $125, since 2024). */
#define PK_T4A_PAPER_MAX 5

/* A text helper, exported for the tests. */
/* "604-555-1234", "(604) 555 1234 x12", "+1 604 555 1234": area code
 * "604", number "555-1234", extension "12" or "".  false if it is not
 * a ten-digit North American number (an extension up to 7 digits). */
bool pk_phone_split(const char *s, char area[4], char number[9], char ext[8]);

/*
 * t4a-xml.c: the CRA T619 XML return of a year's T4A slips, original
 * or amended, and the record of the slips filed
 */
struct pk_t4a_return {
	int year;		/* 1966..2099, the CRA's tax years */
	bool amend;		/* amended return (A and C slips), else original */
	bool record;		/* store the slips written as filed; the caller
				 * holds a write transaction (pk_store_begin) */
	const char *ref;	/* sbmt_ref_id, 8 letters and digits; NULL:
				 * derived from the year and the content */
	const char *note;	/* amended return: first words of the
				 * amendment note (the reason), or NULL */
	bool ready;		/* only the slips ready (pk_t4a_ready): the
				 * others are left for a later return */
	/* Filled in: */
	char ref_used[9];
	size_t slips;		/* written, every code */
	int64_t total;		/* cents, the sum of the O or A slips */
	size_t cancelled;	/* of the slips, code C */
	int64_t cancelled_total;	/* cents, the amounts they cancel */
	bool on_file;		/* slips of the year were recorded before */
	size_t pending;		/* slips the other kind of return must carry */
	size_t not_ready;	/* with ready: required slips left out */
};
/* Write the CRA T619 submission for ret->year to fp.
 *
 * Original (ret->amend false): one T4A return (report type O) with a
 * T4ASlip per required slip not on file, in peer id order, and the
 * T4ASummary totalling them.  With nothing recorded for the year that is
 * every required slip; after a filing it is the additional original
 * return the CRA asks for recipients added later.  ret->pending counts
 * filed slips that differ from the store (they need --amend).
 *
 * Amended (ret->amend): compared with the slips on file (PK_EX_DATAERR
 * if none is recorded for the year), a return of amended slips (A: the
 * amount, names or SIN changed; an address alone is no amendment) and
 * a return of cancelled slips (C: no longer required; each carries the
 * slip on file unchanged), each with its own summary (report type A,
 * totalling its slips, the amendment note naming the recipients and
 * what changed).  Unchanged slips are left out.  ret->pending counts
 * required slips not on file (they need an original return).
 *
 * ret->ready: an O or A slip that is not ready (pk_t4a_missing: no
 * surname, SIN or full address, or a SIN on two records) is left out,
 * named in a warning and counted in ret->not_ready; it goes in a later
 * return, and with ret->record only the slips written are recorded.
 *
 * The amount goes in box cfg->t4a_box (048 T4A_AMT/fee_or_oth_srvc_amt,
 * 028 OTH_INFO/oth_incamt).  Recipient text is mapped to the CRA's
 * characters (pk_cra_text, a warning per field changed), cut to the
 * CRA's lengths and escaped; a peer without a SIN gets 000000000 (with
 * a warning).
 * The transmitter is bn15, the payer's account.  Checks the payer first
 * (PK_EX_CONFIG), and that slips on file were filed under the same
 * account and box (PK_EX_CONFIG).  A slip to write without a surname:
 * PK_EX_DATAERR listing the peers, nothing written.  With no slip to
 * write nothing is written and ret->slips is 0.
 *
 * ret->record: the document is written and flushed first, then one row
 * per slip and an audit entry go to the store (PK_EX_DATAERR if the
 * reference was filed before); the caller commits, so a return is never
 * recorded unless it was written.  Slips pass through temporary files:
 * memory does not grow with them. */
int pk_t4a_xml(pk_store *, const struct pk_config *, struct pk_t4a_return *,
    FILE *fp);
/* The CRA rejected the submission ref: record it (table t4a_rejected),
 * so that its slips are no longer on file and go again in the next
 * return; audited.  The caller holds a write transaction.
 * PK_EX_DATAERR for a reference no filing recorded, one recorded as
 * rejected already, or one a later submission builds on (the same
 * year's slips of its recipients, not rejected). */
struct pk_t4a_unfiled {
	int year;
	size_t slips;		/* recorded with ref */
	char filed_at[32];
	char later[9];		/* PK_EX_DATAERR: the later submission */
};
int pk_t4a_unfile(pk_store *, const char *ref, struct pk_t4a_unfiled *);
/* A sbmt_ref_id: exactly 8 ASCII letters and digits. */
bool pk_t4a_ref_ok(const char *);
/* The longest amendment note the CRA takes (fileramendmentnote). */
#define PK_T4A_NOTE_MAX 2000

/*
 * report.c: a program's period on a page (program-report)
 *
 * Every figure comes from the function the other tools use: the summary
 * (engage-log --summary) for the period, by region, site and role and
 * by level for each of the twelve months that end with the period;
 * pk_payment_period for honoraria and reimbursements; onboard-check
 * --all's items for 30, 60 and 90 days; pk_benefit_annual over each
 * benefit peer's pk_payment_taxable for the year of the period's end;
 * t4a-report's slips not ready.  Every cell is hidden by pk_suppress at r->suppress.
 */
#define PK_REPORT_MONTHS 12
#define PK_REPORT_WITHIN 3
struct pk_figure {
	int64_t v;
	struct pk_cell cell;
};
struct pk_report {
	char from[PK_DATE_BUFSZ], to[PK_DATE_BUFSZ];
	int year;			/* of the period's end */
	int suppress;			/* 0: none */
	struct pk_summary total, by_region, by_site, by_role;
	char month[PK_REPORT_MONTHS][8];	/* "2026-11", oldest first */
	struct pk_summary by_month[PK_REPORT_MONTHS];	/* by level */
	struct pk_cell engaged;		/* the total's: peers, engagements,
					 * hours, still owed */
	struct pk_figure new_peers;	/* first engagement in the period */
	struct pk_payment_period pay;
	struct pk_cell paid_cell;	/* honoraria paid and cash share */
	struct pk_cell reimbursed[PK_PAY_NCATEGORIES + 1];
	struct pk_cell *supports;	/* per total.supports */
	int within[PK_REPORT_WITHIN];	/* 30, 60, 90 days */
	struct pk_figure onboarding[PK_REPORT_WITHIN];
	struct pk_figure near_limit;	/* reaching 75% of an annual limit */
	struct pk_figure t4a_unready;	/* need a slip, not ready */
	struct pk_figure incidents;	/* critical incidents; cell: peers */
	int64_t debriefs, debriefs_in_time;	/* of them (incident.c) */
};
int pk_report_make(pk_store *, const struct pk_config *,
    const struct pk_period *, int suppress, struct pk_report *);
void pk_report_free(struct pk_report *);
/* A month's row for a level (NULL: none logged); a summary's total. */
const struct pk_summary_row *pk_report_level(const struct pk_summary *,
    int level);
const struct pk_summary_row *pk_report_total(const struct pk_summary *);
/* The cell of a summary row (NULL: a count of none, shown). */
struct pk_cell pk_report_row_cell(const struct pk_summary_row *);
/* The report as one JSON object (peerkit(7)), as text for a mail body
 * (80 columns), or as one self-contained HTML page. */
json_t *pk_report_json(const struct pk_report *);
/* The share of debriefs offered in time, as a cell's text (buf of
 * PK_CELL_BUFSZ): hidden with the incidents, "-" when none was asked. */
const char *pk_report_debriefs(const struct pk_report *, char *buf);
int pk_report_text(FILE *, const struct pk_report *);
int pk_report_html(FILE *, const struct pk_report *);

/*
 * statement.c: a peer's earnings statement for a month (honorarium-pay
 * --statement), what a peer on income or disability assistance attaches
 * to the monthly report: honoraria received by date, reimbursements
 * apart (not income), the month's income and the year to date (the
 * taxable rule, pk_payment_taxable: as --totals), and a benefit
 * program's limits for the year with what remains.  Void payments are
 * left out (counted).  Never a SIN.
 */
struct pk_statement_item {
	int64_t payment_id;
	char date[PK_DATE_BUFSZ];	/* the day the money was received */
	int64_t amount;
	char *method, *category, *note;	/* category: reimbursements */
	char *what;	/* honoraria: "DATE activity; ..." paid for, or NULL */
};
struct pk_statement {
	int64_t peer_id;
	char peer_uuid[37];
	char *alias, *legal_name;	/* legal_name: NULL when not on record */
	char *payer;			/* config's payer.name, or NULL */
	char month[8];			/* "2026-11" */
	char from[PK_DATE_BUFSZ], to[PK_DATE_BUFSZ], year_from[PK_DATE_BUFSZ];
	struct pk_statement_item *honoraria, *reimbursements;
	size_t nhonoraria, nreimbursements, voided;
	int64_t income, reimbursed, year_to_date;	/* year_from..to */
	char *program;			/* NULL: none for the year */
	int64_t monthly_limit, annual_limit;	/* 0: none */
	int64_t monthly_left, annual_left;	/* never below 0 */
	int annual_status;		/* PK_LIMIT_* of year_to_date */
};
/* Is the period one calendar month? */
bool pk_statement_month(const struct pk_period *);
/* The statement of peer_id for month; st is freed on failure. */
int pk_statement_make(pk_store *, const struct pk_config *, int64_t peer_id,
    const struct pk_period *month, struct pk_statement *st);
void pk_statement_free(struct pk_statement *);
json_t *pk_statement_json(const struct pk_statement *);
/* Text (80 columns), one HTML page for a letter sheet (text escaped),
 * or pk_statement_json's object on one line. */
enum pk_statement_form {
	PK_STATEMENT_TEXT, PK_STATEMENT_HTML, PK_STATEMENT_JSON
};
int pk_statement_print(FILE *, const struct pk_statement *,
    enum pk_statement_form);
/* A statement for every peer with a payment (not void) in the month,
 * each written whole, 0600, to dir/statement-YYYY-MM-peer-ID.txt (.html,
 * .json), in peer id order; fn(path, arg) after each.  dir is made 0700
 * when missing; one that is not a directory or cannot be made is
 * PK_EX_CANTCREAT. */
int pk_statement_write_all(pk_store *, const struct pk_config *,
    const struct pk_period *month, const char *dir,
    enum pk_statement_form, int (*fn)(const char *path, void *), void *arg);

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
	int term_notice;		/* config's term_end_notice_days */
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
/* Does it call for action: due, expiring or expired (onboard-check
 * --all lists these, program-report counts them)? */
bool pk_onboard_needs_action(enum pk_onboard_status);
/* The same for a state found with a window of at least within days:
 * would it call for action with a window of within days? */
bool pk_onboard_action_within(const struct pk_onboard_state *,
    pk_day today, int within);
/* peer_id, alias, role, key, title, blocks, valid_for, status, done_on,
 * expires_on, waived_on, by, note. */
json_t *pk_onboard_json(const struct pk_peer *,
    const struct pk_onboard_state *);

typedef int pk_onboard_fn(const struct pk_peer *,
    const struct pk_onboard_state *, void *);
/* fn for each item that applies to the peer, in checklist order, as of
 * pk_today(), then for the end of the peer's term (key "term-end": due
 * from term_notice days before p->term_end, expired from that day);
 * stops on a non-zero return. */
int pk_onboard_check(pk_store *, const struct pk_checklist *,
    const struct pk_peer *, int within, pk_onboard_fn *fn, void *arg);
/* The same for the items of the peer's next role (pk_progression_next,
 * in *next; NULL at the last role or, *on_path false, a role off the
 * progression: no call), fn given the peer in that role. */
int pk_onboard_next(pk_store *, const struct pk_checklist *,
    const struct pk_config *, const struct pk_peer *, int within,
    const char **next, bool *on_path, pk_onboard_fn *fn, void *arg);
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

/*
 * incident.c: critical incidents a peer responded to, the follow-ups
 * offered after them, and their aggregates
 *
 * An incident names the peer who responded, never a client: kind (from
 * config.yaml, incidents.kinds), date, region, site, at most a note, and
 * the engagement it was recorded with, if any.  The follow-ups its kind
 * asks for are fixed when it is recorded (due_on, due_by).  A follow-up's
 * state is its latest step: done, declined, waive or undo; declined is
 * closed and never overdue.
 */
struct pk_incident {
	int64_t id, peer_id, engagement_id;	/* engagement_id 0: none */
	char uuid[37], peer_uuid[37];
	char *alias, *kind, *region, *site, *note, *by, *created_at;
	pk_day date;
	json_t *follow_ups;	/* [{key, due_on, due_by}], once recorded */
};
/* The fields of an incident recorded on its own (engage-log). */
extern const struct pk_field pk_incident_input[];
/* A record of an incident alone: "incident" and no hours, minutes,
 * activity or level (else the incident comes with an engagement). */
bool pk_incident_alone(json_t *rec);
/* Does rec name an incident ("incident" neither null nor "")? */
bool pk_incident_given(json_t *rec);
/* Read an incident from rec: "incident" (the kind), and with e (an
 * engagement just stored) e's peer, date, region and site; without, the
 * peer ("peer", "peer_uuid", "peer_id", "alias"), "date" (default
 * today), "region" and "site" (default the peer's) and "note".
 * PK_EX_DATAERR naming the field; an unknown kind lists the kinds. */
int pk_incident_from_json(pk_store *, const struct pk_config *, json_t *rec,
    const struct pk_engagement *e, struct pk_incident *);
/* Store it and its follow-ups, audited, inside the caller's
 * transaction.  *added false: its engagement has one already (a batch
 * read again), nothing written. */
int pk_incident_record(pk_store *, const struct pk_config *,
    struct pk_incident *, bool *added);
void pk_incident_free(struct pk_incident *);
json_t *pk_incident_json(const struct pk_incident *);
int pk_incident_put(struct pk_batch *, const struct pk_incident *);

enum pk_follow_up_status {
	PK_FU_SCHEDULED, PK_FU_DUE, PK_FU_OVERDUE, PK_FU_DONE, PK_FU_DECLINED,
	PK_FU_WAIVED
};
extern const char *const pk_follow_up_statuses[];
struct pk_follow_up {
	int64_t id, incident_id, peer_id, step_id;
	char *key, *kind, *action, *by, *note;	/* action: latest step; NULL */
	char step_uuid[37];
	pk_day incident_date, due_on, due_by, step_date;
	enum pk_follow_up_status status;	/* today's */
};
void pk_follow_up_free(struct pk_follow_up *);
/* Due or overdue: onboard-check's answer is "no" (1). */
bool pk_follow_up_is_no(const struct pk_follow_up *);
/* The fields of pk_onboard_json, key "KEY@INCIDENT", then incident_id,
 * kind, incident_date, due_on, due_by, declined_on. */
json_t *pk_follow_up_json(const struct pk_peer *, const struct pk_follow_up *);
typedef int pk_follow_up_fn(const struct pk_peer *,
    const struct pk_follow_up *, void *);
/* A peer's follow-ups, every state, by incident date. */
int pk_follow_up_check(pk_store *, const struct pk_peer *,
    pk_follow_up_fn *, void *);
int pk_follow_up_check_one(pk_store *, const struct pk_peer *, int64_t id,
    pk_follow_up_fn *, void *);
/* The open follow-ups due by today of the peers of the filter. */
int pk_follow_up_each(pk_store *, const struct pk_peer_filter *,
    pk_follow_up_fn *, void *);
/* Does key name a follow-up (KEY@INCIDENT, or a configured KEY)? */
bool pk_follow_up_named(const struct pk_config *, const char *key);
/* A step on a checklist item or a follow-up (KEY@INCIDENT, or KEY for
 * the peer's latest incident asking for it): action done, undo, waive or
 * (follow-ups only) declined.  *follow_up: the follow-up's id, 0 for a
 * checklist item.  Audited. */
int pk_item_step(pk_store *, const struct pk_config *,
    const struct pk_checklist *, const struct pk_peer *, const char *action,
    const char *key, pk_day date, const char *note, int64_t *follow_up);

/* Incidents of a period by month, region or kind (NULL: the total only):
 * incidents, distinct peers, debriefs asked for and offered in time
 * (done or declined by their due_by), small groups suppressed. */
extern const char *const pk_incident_summary_keys[];
struct pk_incident_row {
	char *group;			/* NULL: none (or the total) */
	bool total, suppressed, protects;
	int64_t incidents, peers, debriefs, in_time;
	int64_t *peer_ids;
	size_t npeer_ids;
};
struct pk_incident_summary {
	char from[PK_DATE_BUFSZ], to[PK_DATE_BUFSZ];
	const char *by;
	int suppress;
	struct pk_incident_row *rows, total;
	size_t n;
};
int pk_incident_summary(pk_store *, const struct pk_period *, const char *by,
    int suppress, struct pk_incident_summary *);
void pk_incident_summary_free(struct pk_incident_summary *);
/* text: for a table, hidden figures as "<N" or "hidden", not null. */
json_t *pk_incident_summary_json(const struct pk_incident_summary *,
    const struct pk_incident_row *, bool text);

#endif
