/*
 * replay.c - feed files to a libFuzzer harness without libFuzzer.
 *
 *	replay-NAME DIR|FILE...
 *
 * Every regular file of each directory (not recursive), or each file
 * argument, goes once through LLVMFuzzerTestOneInput, in name order so
 * a failure is reproducible.  make check runs this over the seed corpora
 * with the ordinary compiler (and under ASan with SANITIZE=1, under
 * valgrind with check-valgrind): a corpus that once crashed a parser
 * stays a test after the bug is fixed.  A harness signals a broken
 * property by aborting; this driver exits 0 only when every input ran.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);
/* Optional in a harness: one-time set-up, as under libFuzzer. */
int LLVMFuzzerInitialize(int *, char ***) __attribute__((weak));

static size_t nrun;

static int
run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!fp) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return 1;
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			if (!(buf = realloc(buf, cap))) {
				fprintf(stderr, "replay: out of memory\n");
				exit(2);
			}
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
	} while (n > 0);
	if (ferror(fp)) {
		fprintf(stderr, "replay: %s: read error\n", path);
		fclose(fp);
		free(buf);
		return 1;
	}
	fclose(fp);
	/* Exactly the input's size, so ASan sees a read one byte past it. */
	if (!(buf = realloc(buf, len ? len : 1))) {
		fprintf(stderr, "replay: out of memory\n");
		exit(2);
	}
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	nrun++;
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	char **names = NULL, *path;
	size_t n = 0, cap = 0, i;
	int bad = 0;

	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if (!(names = realloc(names, cap * sizeof *names)))
				exit(2);
		}
		if (!(names[n++] = strdup(e->d_name)))
			exit(2);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp);
	for (i = 0; i < n; i++) {
		if (!(path = malloc(strlen(dir) + strlen(names[i]) + 2)))
			exit(2);
		sprintf(path, "%s/%s", dir, names[i]);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			bad |= run_file(path);
		free(path);
		free(names[i]);
	}
	free(names);
	return bad;
}

int
main(int argc, char *argv[])
{
	struct stat st;
	int i, bad = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR|FILE...\n", argv[0]);
		return 64;
	}
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
			    strerror(errno));
			bad = 1;
		} else if (S_ISDIR(st.st_mode)) {
			bad |= run_dir(argv[i]);
		} else {
			bad |= run_file(argv[i]);
		}
	}
	fprintf(stderr, "replay: %zu inputs\n", nrun);
	return bad;
}
