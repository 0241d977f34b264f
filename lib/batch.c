/*
 * batch.c - the one loop every tool that writes runs, as mblaze's
 * blaze822_loop serves every mblaze tool.
 *
 * The records come from a file (JSON Lines, one JSON array or CSV; "-"
 * is standard input) or are made from the command line: one record, or one
 * per --peer of a group.  Each goes to the tool's callback inside one
 * write transaction, so the batch is all or nothing:
 *
 *   - without --keep-going the first record refused ends the batch and
 *     nothing is written;
 *   - with --keep-going each refused record is reported, naming its line,
 *     and left out (a savepoint per record), and the rest are stored;
 *   - with --dry-run everything is done as it would be, every refused
 *     record reported (one dry run shows them all), and nothing written.
 *
 * A refusal is bad data (exit 65) or a refusal the tool was asked for
 * (exit 1: a benefit limit under --strict); anything else (the store
 * busy or failing, out of disk) ends the batch whatever the options.
 * The exit status is the first refusal's without --keep-going; with it,
 * or in a dry run, 65 if a record had bad data, else 1 if one was
 * refused, else 0.
 *
 * What the tool prints for each record (pk_batch_put) is held in a
 * temporary file and reaches standard output only once the transaction
 * has committed: nothing is ever shown for a record that was not stored.
 * Records are streamed, so memory does not grow with the input.
 *
 * A long batch at a terminal shows how far it has got: a line on stderr,
 * redrawn in place (see progress).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "peerkit.h"

/*
 * The progress line: records done, their rate, and with an input whose
 * size is known (a regular file, or a JSON array read whole) how much of
 * it is done and the time left.  Only when stderr is a terminal and not
 * -q, from the PROGRESS_FROM-th record on (a batch shorter than that is
 * over before anyone wonders), redrawn at most PROGRESS_HZ times a
 * second, and erased when the batch ends or before any other message,
 * so that what stays on the terminal is what it always was.
 */
#define PROGRESS_FROM 2000
#define PROGRESS_HZ 4

static struct {
	bool on;		/* this batch may show it */
	struct timespec start, last;
	size_t shown;		/* columns on the terminal now; 0 none */
	struct pk_input *in;	/* the file read; NULL: records made here */
	off_t size;		/* bytes of it; 0: not known */
} progress;

static double
since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) +
	    (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void
progress_erase(void)
{
	if (progress.shown == 0)
		return;
	fprintf(stderr, "\r%*s\r", (int)progress.shown, "");
	fflush(stderr);
	progress.shown = 0;
}

static void
progress_start(struct pk_input *in)
{
	struct stat st;

	memset(&progress, 0, sizeof progress);
	progress.on = !pk_quiet && isatty(STDERR_FILENO);
	if (!progress.on)
		return;
	progress.in = in;
	if (in && !in->array && fstat(fileno(in->fp), &st) == 0 &&
	    S_ISREG(st.st_mode))
		progress.size = st.st_size;
	clock_gettime(CLOCK_MONOTONIC, &progress.start);
	pk_before_message = progress_erase;
}

/* How much of the input is read, 0 to 1; negative: not known. */
static double
progress_done(void)
{
	const struct pk_input *in = progress.in;
	off_t at;

	if (in && in->array && json_array_size(in->array) > 0)
		return (double)in->idx / (double)json_array_size(in->array);
	if (in && progress.size > 0 && (at = ftello(in->fp)) >= 0)
		return (double)at / (double)progress.size;
	return -1;
}

static void
progress_tick(size_t records)
{
	char line[128];
	double t, done;
	int n;

	if (!progress.on || records < PROGRESS_FROM || (progress.shown &&
	    since(&progress.last) < 1.0 / PROGRESS_HZ))
		return;
	clock_gettime(CLOCK_MONOTONIC, &progress.last);
	t = since(&progress.start);
	n = snprintf(line, sizeof line, "%s: %zu records", pk_progname,
	    records);
	if (t > 0.1 && n > 0 && (size_t)n < sizeof line)
		n += snprintf(line + n, sizeof line - (size_t)n, ", %.0f/s",
		    (double)records / t);
	done = progress_done();
	if (done > 0 && n > 0 && (size_t)n < sizeof line)
		n += snprintf(line + n, sizeof line - (size_t)n,
		    ", %.0f%%, %.0f s left", done * 100, t * (1 - done) / done);
	if (n < 0)
		return;
	n = n < (int)sizeof line ? n : (int)sizeof line - 1;
	/* Blanks over what is left of a longer line before. */
	fprintf(stderr, "\r%s%*s", line, progress.shown > (size_t)n ?
	    (int)(progress.shown - (size_t)n) : 0, "");
	fflush(stderr);
	progress.shown = progress.shown > (size_t)n ? progress.shown :
	    (size_t)n;
}

static void
progress_end(void)
{
	progress_erase();
	progress.on = false;
	if (pk_before_message == progress_erase)
		pk_before_message = NULL;
}

static bool
is_refusal(int rc)
{
	return rc == PK_EX_DATAERR || rc == PK_EX_NO;
}

/* Records are checked one by one after a refusal: each in a savepoint,
 * so that what a refused one did is undone before the next. */
static bool
going_on(const struct pk_batch *b)
{
	return b->keep_going || b->dry_run;
}

int
pk_batch_refused(struct pk_batch *b, int rc)
{
	if (rc == 0 || !is_refusal(rc) || !going_on(b))
		return rc;
	if (b->where)
		pk_fail_context("%s", b->where);
	progress_erase();
	fprintf(stderr, "%s: %s\n", pk_progname, pk_errmsg());
	*(rc == PK_EX_DATAERR ? &b->rejected : &b->refused) += 1;
	return 0;
}

int
pk_batch_record(struct pk_batch *b, json_t *rec)
{
	int rc;

	b->records++;
	if (going_on(b) && (rc = pk_store_savepoint(b->store)) != 0)
		return rc;
	/* Text is kept as NFC, however it was typed (utf8.c). */
	pk_json_nfc(rec);
	rc = b->record(b, rec, b->arg);
	progress_tick(b->records);
	if (going_on(b)) {
		if (rc == 0)
			return pk_store_release(b->store);
		pk_store_rollback_to(b->store);
		if (is_refusal(rc))
			return pk_batch_refused(b, rc);
	}
	if (rc != 0 && b->where && is_refusal(rc))
		pk_fail_context("%s", b->where);
	return rc;
}

FILE *
pk_batch_stream(struct pk_batch *b)
{
	return b->direct ? stdout : b->tmp;
}

bool
pk_batch_printing(const struct pk_batch *b)
{
	return b->out != NULL;
}

int
pk_batch_put(struct pk_batch *b, json_t *rec)
{
	return b->out ? pk_out_rec(b->out, rec) : 0;
}

int
pk_batch_put_as(struct pk_batch *b, const void *rec,
    json_t *(*json)(const void *), char *(*text)(const void *))
{
	json_t *j;
	char *t;
	int rc;

	if (!b->out)
		return 0;
	if (pk_out_is_json(b->out)) {
		t = text(rec);
		rc = pk_out_text(b->out, t);
		free(t);
	} else {
		j = json(rec);
		rc = pk_out_rec(b->out, j);
		json_decref(j);
	}
	return rc;
}

void
pk_batch_note(const struct pk_batch *b, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pk_warn("%s%s", b->dry_run ? "dry run, nothing written: " : "", msg);
}

static int
from_file(struct pk_batch *b)
{
	struct pk_input in;
	json_t *rec;
	int rc = 0, r;

	if ((rc = pk_input_open(&in, b->path)) != 0)
		return rc;
	pk_input_format(&in, b->input_format, b->fields);
	progress_start(&in);
	while (rc == 0 && (r = pk_input_next(&in, &rec)) != 0) {
		b->where = pk_input_where(&in);
		if (r == 1) {
			rc = pk_batch_record(b, rec);
			json_decref(rec);
		} else {
			/* A line that is not a record: its message names it. */
			b->records++;
			b->where = NULL;
			rc = pk_batch_refused(b, r);
		}
	}
	b->where = NULL;
	progress_end();
	pk_input_close(&in);
	return rc;
}

static int
from_args(struct pk_batch *b)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < b->nrecs && rc == 0; i++)
		rc = pk_batch_record(b, b->recs[i]);
	return rc;
}

/* The end of a batch that failed: nothing was stored. */
static int
failed(struct pk_batch *b, FILE *tmp, int rc)
{
	/* Nor is anything of it put in a -o FILE. */
	bool to_file = pk_cli_output_void();

	pk_store_rollback(b->store);
	pk_out_end(b->out);
	b->out = NULL;
	fclose(tmp);
	b->tmp = NULL;
	fprintf(stderr, "%s: %s\n", pk_progname, pk_errmsg());
	if (b->direct && b->shown && !to_file)
		pk_warn("nothing stored: what is on standard output is NOT "
		    "recorded; run the command again before using it");
	else
		pk_warn("nothing written");
	return rc;
}

int
pk_batch_run(struct pk_batch *b)
{
	FILE *tmp = b->tmp = tmpfile();
	int rc;

	if (!tmp)
		return pk_fail(PK_EX_CANTCREAT, "temporary file: %s",
		    strerror(errno));
	b->out = b->print ? pk_out_new(tmp, b->format, b->cols) : NULL;
	if (b->out)
		pk_out_fit(b->out, b->fit);
	b->records = b->rejected = b->refused = 0;
	if ((rc = pk_store_begin(b->store)) == 0 && b->begin)
		rc = b->begin(b, b->arg);
	if (rc == 0)
		rc = b->path ? from_file(b) : from_args(b);
	if (rc == 0 && b->end) {
		/* A run's records are made here, as many as a file's. */
		progress_start(NULL);
		rc = b->end(b, b->arg);
		progress_end();
	}
	if (rc != 0)
		return failed(b, tmp, rc);
	rc = pk_out_end(b->out);
	b->out = NULL;
	/* A document written straight out must be out whole before what
	 * it records is committed; in a file (-o), on disk: a late write
	 * error shows at fsync.  A pipe or terminal cannot be synced. */
	if (rc == 0 && b->direct && (fflush(stdout) != 0 || ferror(stdout) ||
	    (fsync(STDOUT_FILENO) != 0 && errno != EINVAL && errno != EROFS)))
		rc = pk_fail(PK_EX_IOERR, "<stdout>: write error: %s",
		    strerror(errno));
	b->shown = b->direct && rc == 0;
	if (rc != 0)
		return failed(b, tmp, rc);
	if (b->dry_run)
		pk_store_rollback(b->store);
	else if ((rc = pk_store_commit(b->store)) != 0)
		return failed(b, tmp, rc);
	rc = pk_out_copy(tmp, !b->dry_run);
	fclose(tmp);
	b->tmp = NULL;
	if (rc != 0) {
		fprintf(stderr, "%s: %s\n", pk_progname, pk_errmsg());
		return rc;
	}
	if (b->tally)
		b->tally(b, b->arg);
	else if (b->dry_run && !b->path)
		pk_warn("dry run: nothing written");
	return b->rejected ? PK_EX_DATAERR : b->refused ? PK_EX_NO : 0;
}
