/*
 * internal.h - shared by the files of lib/ only; binaries never include it, so SQL
 * stays in lib/.
 */
#ifndef PK_INTERNAL_H
#define PK_INTERNAL_H

#include <sqlite3.h>

#include "peerkit.h"

#define PK_STMT_CACHE 64

/* Appended to a write error once a change has committed: a user who
 * reads only "write error" runs the payroll again. */
#define PK_OUTPUT_LOST "; the changes were stored all the same, only " \
	"this output was lost"

struct pk_pg;				/* db-pg.c's connection */
struct pk_pgq;				/* db-pg.c's statement */

struct pk_store {
	sqlite3 *db;			/* the SQLite engine's, or */
	struct pk_pg *pg;		/* PostgreSQL's (db-pg.c) */
	char *path;
	const char *tool;
	int mode;
	int depth;			/* savepoints open inside the transaction */
	unsigned commits;		/* write transactions committed, upgrades apart */
	bool big_cache;			/* the page cache has grown (store.c) */
	signed char sin_twice;		/* resolve.c: a SIN on two records
					 * (1), none (0), not asked yet (-1) */
	struct pk_resolver *peers;	/* resolve.c's cache */
	struct {
		const char *sql;	/* keyed by address: SQL is static text */
		struct pk_q *q;
	} cache[PK_STMT_CACHE];
};

/*
 * A statement on either engine (db.c).  Every file of lib/ runs SQL
 * through the pk_q calls below and never names an engine: one text of
 * SQL serves both, with ? or ?NNN for its parameters.
 */
typedef struct pk_q {
	pk_store *s;
	sqlite3_stmt *lite;
	struct pk_pgq *pg;
} pk_q;

/* pk_step's answers besides an error (the engines' codes agree on
 * them: PostgreSQL's file answers in SQLite's terms). */
#define PK_ROW SQLITE_ROW
#define PK_DONE SQLITE_DONE

/* Prepare SQL that is not static text (pk_stmt caches static text);
 * NULL on an error, recorded for pk_sql_fail.  pk_finalize frees it. */
pk_q *pk_prepare(pk_store *, const char *sql);
void pk_finalize(pk_q *);
int pk_step(pk_q *);
void pk_reset(pk_q *);
void pk_clear(pk_q *);
int pk_bind_int64(pk_q *, int idx, int64_t);
int pk_bind_null(pk_q *, int idx);
/* Text of len bytes, copied. */
int pk_bind_textn(pk_q *, int idx, const char *, size_t len);
/* Text allocated with malloc, which the statement frees. */
int pk_bind_owned(pk_q *, int idx, char *, size_t len);
int pk_bind_blob(pk_q *, int idx, const void *, size_t len);
/* Bind column col of the row from is on. */
int pk_bind_col(pk_q *, int idx, pk_q *from, int col);
int64_t pk_col_int64(pk_q *, int col);
int pk_col_int(pk_q *, int col);
/* NULL for SQL NULL; valid until the statement steps or resets. */
const char *pk_col_text(pk_q *, int col);
bool pk_col_null(pk_q *, int col);
const void *pk_col_blob(pk_q *, int col, size_t *len);
/* Rows the last INSERT, UPDATE or DELETE changed; the id the last
 * INSERT gave its row. */
int64_t pk_changes(pk_store *);
int64_t pk_last_id(pk_store *);

/* db-pg.c: PostgreSQL's side of the calls above. */
enum { PK_PG_NULL, PK_PG_INT, PK_PG_TEXT, PK_PG_BLOB };
struct pk_pgq *pk_pg_prepare(pk_store *, const char *sql);
void pk_pg_finalize(struct pk_pgq *);
int pk_pg_step(struct pk_pgq *);
void pk_pg_reset(struct pk_pgq *);
void pk_pg_clear(struct pk_pgq *);
int pk_pg_bind(struct pk_pgq *, int idx, int type, const void *, size_t);
int64_t pk_pg_int64(struct pk_pgq *, int col);
const char *pk_pg_text(struct pk_pgq *, int col);
bool pk_pg_null(struct pk_pgq *, int col);
const void *pk_pg_blob(struct pk_pgq *, int col, size_t *len);
int64_t pk_pg_changes(pk_store *);
int64_t pk_pg_last_id(pk_store *);
/* ... and what store.c asks of it: */
bool pk_pg_is_uri(const char *path);
/* Load libpq; PK_EX_UNAVAILABLE if it cannot be.  First, before the
 * calls below. */
int pk_pg_load(void);
bool pk_pg_has_password(const char *uri);
char *pk_pg_name(const char *uri);
int pk_pg_open(pk_store *, const char *uri);
void pk_pg_close(pk_store *);
int pk_pg_exec(pk_store *, const char *sql);
int pk_pg_begin(pk_store *);
bool pk_pg_in_transaction(pk_store *);
int pk_pg_errcode(pk_store *);
const char *pk_pg_errmsg(pk_store *);
int pk_pg_version(pk_store *, int *v);
int pk_pg_set_version(pk_store *, int v);

/* A prepared statement for static SQL text, cached for the life of the
 * store and reset, bindings cleared.  Exits on a prepare error: the SQL
 * is ours, so that is a bug. */
pk_q *pk_stmt(pk_store *, const char *sql);
/* Record the store's last error with an exit status that fits it: busy
 * 75, full or I/O 74, read-only or permission 77, not a database or
 * corrupt 65, constraint 65, else 70.  Returns the status. */
int pk_sql_fail(pk_store *, const char *what);
/* Step through the rows of st, calling row for each; a non-zero return
 * stops the walk and is returned.  The statement is reset either way;
 * a store error is recorded as pk_sql_fail(what). */
int pk_rows(pk_store *, pk_q *, const char *what,
    int (*row)(pk_q *, void *), void *arg);
/* Run a statement that returns no rows (step to SQLITE_DONE). */
int pk_stmt_done(pk_store *, pk_q *, const char *what);

/*
 * The taxable rule, the one place it is written: a payment counts toward
 * the T4A threshold and benefit earnings when it is an honorarium and
 * paid (not void), on its date, the day the money was received.
 * Reimbursements never count.  pk_payment_is_taxable is the same rule
 * for a payment in hand; pk_payment_taxable sums it for a peer.  t is
 * the payments table's prefix in the query ("" or "pa.").
 */
#define PK_SQL_TAXABLE(t) "(" t "status = 'paid' AND " t "kind = 'honorarium')"

/* Bind text, or NULL for a NULL pointer. */
int pk_bind_text(pk_q *, int idx, const char *);
/* The same without SQLite's copy, for the fields of a record written
 * row after row: the text must stay as it is until the statement has
 * run.  (pk_stmt clears the bindings before the statement's next use.) */
int pk_bind_static(pk_q *, int idx, const char *);
/* Bind a JSON value as its compact text, NULL for NULL. */
int pk_bind_json(pk_q *, int idx, json_t *);
/* privacy.c remembers which store its keys fit: not a closed one. */
void pk_privacy_store_closed(const pk_store *);
/* A sealed SIN's token (or NULL) to sin_key and sin_box (privacy.c). */
void pk_bind_sin(pk_q *, int key_col, int box_col, const char *token);
/* Column text as a new string, NULL for SQL NULL. */
char *pk_col_strdup(pk_q *, int col);
/* Column holding JSON text, decoded; NULL for SQL NULL. */
json_t *pk_col_json(pk_q *, int col);

/* From engagement.c, for summary.c too, which was split from it: a
 * summary row is written as a record is. */
/* Set key to the string v: null for NULL or "". */
void pk_json_set_str(json_t *, const char *key, const char *v);
/* Equal strings; NULL is equal to NULL alone. */
bool pk_streq(const char *a, const char *b);

/*
 * The columns of a peer (the table as "pe") that the rule of
 * pk_t4a_missing reads, and a peer holding them: whoever checks a peer's
 * readiness without the whole peer reads these, so a column the rule
 * gains is read everywhere (t4a.c's walk, resolve.c's narrow row).
 */
#define PK_T4A_RULE_COLS "pe.surname, " PK_SIN_TOKEN_SQL ", pe.address_line1, " \
	"pe.city, pe.province, pe.postal_code, pe.country"
void pk_t4a_rule_peer(pk_q *, int col, struct pk_peer *);

/* The payer as the T4A return carries it: t4a.c fills, t4a-xml.c writes. */
#define PK_T4A_NAME_LINE 30		/* PAYR_NM: up to three lines of 30 */
#define PK_T4A_TRANSMITTER 35	/* T619 TransmitterName l1_nm */
struct pk_t4a_payer {
	char bn[16];		/* 123456789RP0001 */
	char name[3][4 * PK_T4A_NAME_LINE + 1];
	int nname;
	char area[4], number[9], ext[8];
	const char *country;
	char postal[8];		/* A9A 9A9, upper case, one space */
	/* TransmitterName: char35Type, the name cut between words. */
	char transmitter[4 * PK_T4A_TRANSMITTER + 1];
};
/* Check config.yaml's payer into *pp: the name, or all a return needs. */
int pk_t4a_payer_prepare(const struct pk_config *, struct pk_t4a_payer *pp,
    bool for_xml);
/* PK_EX_CONFIG naming the config file (or that none was read) and key. */
int pk_t4a_cfg_fail(const struct pk_config *, const char *key,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * payment.c and payrun.c: a payroll plan pays through the same pk_pay
 * as a payment made by hand, with the engagements it has just read.
 */
/* What paying needs to know of an engagement. */
struct pk_pay_engagement {
	int64_t id;
	char uuid[37];
	int64_t peer_id;
	int64_t due;		/* what it still owes: amount_due - amount_paid */
	int64_t held;		/* of amount_paid, what was paid elsewhere */
	int64_t payment_id;	/* the payment that settled it in full, or 0 */
	bool paid_off;		/* something was due, nothing is owed */
	bool is_void;
};

struct pk_payrun {
	pk_store *s;
	const struct pk_config *cfg;
	struct total_slot *totals;	/* NULL: one payment, nothing kept */
	int64_t next_id;	/* a dry run: the id the next payment gets */
	/* The engagements of the payment about to be made, as a plan has
	 * just read them: not read a second time to be checked. */
	struct pk_pay_engagement *known;
	size_t nknown, known_cap;
};
/* Pay p (from pk_payrun_apply) as pk_payrun_pay does; flags may have
 * PK_PAY_DRYRUN, for a plan's payments, which do not depend on one
 * another. */
int pk_pay(pk_payrun *, struct pk_payment *p, int flags, int *outcome);
/* paywarn.c: p's warnings (p->warnings replaced), a refusal under
 * PK_PAY_STRICT; and a payment made, counted in the run's totals. */
int pk_pay_warn(pk_payrun *, struct pk_payment *p, int flags);
void pk_pay_count(pk_payrun *, const struct pk_payment *p);

/* resolve.c: whether any SIN is on two records, which only a store from
 * before one SIN per record holds (asked once: no tool makes one). */
bool pk_sin_twice(pk_store *);

/* resolve.c: the cache of peers looked up, freed with the store. */
struct pk_resolver;
void pk_resolver_free(struct pk_resolver *);
/* Another peer (not except) whose alias matches alias as a reference
 * would (folded alike): its id and alias (malloc'd), or *id 0. */
int pk_alias_clash(pk_store *, const char *alias, int64_t except,
    int64_t *id, char **other);

/* jsonio.c: a line of in into *buf, as getline(3), but past PK_LINE_MAX
 * bytes the line is read to its end and dropped: -2.  -1 at the end or
 * on a read error (ferror(in->fp) tells). */
#define PK_LINE_MAX (1 << 20)
ssize_t pk_getline(struct pk_input *in, char **buf, size_t *cap);

/* jsonflat.c: the JSON object in text[0..len) when it is flat and plain
 * (strings, integers, true, false, null, arrays of them), built as
 * json_loadb would build it; NULL when it is anything else, which only
 * json_loadb may then decide (a value or an error). */
json_t *pk_json_flat(const char *text, size_t len);

/* peer.c: pk_peer_update without its audit row, for a caller that
 * audits the change as what it is (a merge). */
int pk_peer_write(pk_store *, struct pk_peer *);

/* role.c: the role a peer takes on since (NULL: today), kept in the
 * history; since may not be after today nor before the last change
 * (PK_EX_DATAERR naming role_since).  The peer's own audit entry says
 * it (role, role_since). */
int pk_role_record(pk_store *, int64_t peer_id, const char *role,
    const char *since);

/* out.c: the bytes of table cells kept in memory before the rest go to
 * a temporary file (1 MiB; tests set it low to take that path). */
extern size_t pk_out_table_mem;

/* Migrations, embedded from share/peerkit/schema/NNN-*.sql by make. */
extern const char *const pk_migrations[];
/* The same versions for PostgreSQL (share/peerkit/schema-pg). */
extern const char *const pk_migrations_pg[];

#endif
