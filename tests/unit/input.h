/*
 * input.h - for the unit tests of records in (test-jsonio, test-csvin):
 * an input written to a scratch file and read to its end as a tool run
 * with --keep-going reads it, one transcript line per call of
 * pk_input_next (the record and where it is, the error, or the end).
 */
#ifndef PK_TEST_INPUT_H
#define PK_TEST_INPUT_H
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "peerkit.h"

static void
put_file(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "w");

	if (!fp || fwrite(data, 1, len, fp) != len || fclose(fp) != 0) {
		perror(path);
		exit(2);
	}
}

/* path holding data, read as fmt with the CSV columns fields (NULL:
 * any); the transcript, malloc'd. */
static char *
input_transcript(const char *path, const char *data, size_t len,
    enum pk_input_format fmt, const struct pk_field *const *fields)
{
	struct pk_input in;
	json_t *rec;
	char *out, *s;
	size_t outlen, calls;
	FILE *fp = open_memstream(&out, &outlen);
	int rc;

	put_file(path, data, len);
	if ((rc = pk_input_open(&in, path)) != 0) {
		fprintf(fp, "open %d %s\n", rc, pk_errmsg());
	} else {
		pk_input_format(&in, fmt, fields);
		for (calls = 0; calls < 20; calls++) {
			if ((rc = pk_input_next(&in, &rec)) == 0) {
				fputs("end\n", fp);
				break;
			}
			if (rc != 1) {
				fprintf(fp, "err %d %s\n", rc, pk_errmsg());
				continue;
			}
			s = json_dumps(rec, JSON_COMPACT);
			fprintf(fp, "%s %s\n", pk_input_where(&in), s);
			free(s);
			json_decref(rec);
		}
		pk_input_close(&in);
	}
	fclose(fp);
	unlink(path);
	return out;
}

/* The transcript of data (a string literal) read by the test's own
 * transcript(), compared whole. */
#define is_read(data, want, what) do { \
	char *t_ = transcript(data, sizeof(data) - 1); \
	is_str(t_, want, what); \
	free(t_); \
} while (0)
#endif
