# peerkit - build, check, install, demo, bench.  GNU make, no autotools.
#
#   make            build lib/libpeerkit.a and bin/*
#   make check      unit and CLI tests (installs Debian packages it needs),
#                   the CLI tests on SQLite, then on PostgreSQL
#   make check-pg   the CLI tests on PostgreSQL only
#   make check SANITIZE=1   the same under ASan and UBSan (in build-san/)
#   make check-clock   the same at other instants, zones and locales
#   make demo       a realistic run on a scratch store
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
DATADIR = $(PREFIX)/share/peerkit
BASHDIR = $(PREFIX)/share/bash-completion/completions
ZSHDIR = $(PREFIX)/share/zsh/site-functions
FISHDIR = $(PREFIX)/share/fish/vendor_completions.d

CC ?= cc
CFLAGS ?= -O2 -g
PKGS = sqlite3 jansson yaml-0.1 libsodium libutf8proc
# libcsv (Debian's libcsv-dev) ships no pkg-config file: named by hand.
LIBS_NOPC = -lcsv
# Warnings and the language come after the user's CFLAGS: they cannot be
# switched off by accident.
PK_CFLAGS = -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror=incompatible-pointer-types \
	-Ilib $(shell pkg-config --cflags $(PKGS) libpq)
PK_LIBS = $(shell pkg-config --libs $(PKGS)) $(LIBS_NOPC)

ifdef SANITIZE
B = build-san
BIN = build-san/bin
LIBA = build-san/libpeerkit.a
SAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else
B = build
BIN = bin
LIBA = lib/libpeerkit.a
SAN =
endif

ALL_CFLAGS = $(CFLAGS) $(SAN) $(PK_CFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(SAN)

TOOLS = peer-add peer-list engage-log honorarium-pay t4a-report onboard-check \
	peerkit-keys program-report
LIBSRC = err utf8 markup num uuid money date clock sin privacy yaml config db db-pg store \
	audit jsonio jsonflat csvin out batch idset cli peer peer-merge role resolve hours engagement summary payment payrecord paywarn ledger payrun cash receipt t4a \
	t4a-xml t4a-summary onboard incident report report-html statement
UNIT = money date sin privacy yaml config jsonio jsonflat idset csvin out store peer ledger utf8 \
	hours engagement payment t4a onboard

# Fuzz harnesses: tests/fuzz/fuzz-NAME.c defines LLVMFuzzerTestOneInput.
# make check replays each corpus tests/fuzz/corpus/NAME/ with a plain
# driver (any compiler); make fuzz runs libFuzzer (clang) for FUZZTIME s.
FUZZ = json flat config money date sin ref
FUZZTIME ?= 60

LIBOBJ = $(LIBSRC:%=$(B)/lib/%.o) $(B)/gen-defaults.o $(B)/gen-migrations.o \
	$(B)/gen-migrations-pg.o
BINS = $(TOOLS:%=$(BIN)/%)
UNITBINS = $(UNIT:%=$(B)/tests/unit/test-%)
REPLAYS = $(FUZZ:%=$(B)/tests/fuzz/replay-%)
HDRS = lib/peerkit.h lib/internal.h
MIGRATIONS = $(sort $(wildcard share/peerkit/schema/*.sql))
MIGRATIONS_PG = $(sort $(wildcard share/peerkit/schema-pg/[0-9]*.sql))

.PHONY: all build deps check check-pg check-clock check-man check-valgrind fuzz stress demo bench install \
	uninstall clean

all: deps
	@$(MAKE) --no-print-directory build

build: $(LIBA) $(BINS)

deps:
	@sh mk/deps.sh

$(B)/lib/%.o: lib/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/gen-defaults.c: mk/embed.sh share/peerkit/config.yaml share/peerkit/onboarding.yaml
	@mkdir -p $(@D)
	{ sh mk/embed.sh pk_default_config share/peerkit/config.yaml && \
	  sh mk/embed.sh pk_default_onboarding share/peerkit/onboarding.yaml; } > $@.tmp
	mv $@.tmp $@

$(B)/gen-migrations.c: mk/embed.sh $(MIGRATIONS)
	@mkdir -p $(@D)
	sh mk/embed.sh -a pk_migrations $(MIGRATIONS) > $@.tmp
	mv $@.tmp $@

$(B)/gen-migrations-pg.c: mk/embed.sh $(MIGRATIONS_PG)
	@mkdir -p $(@D)
	sh mk/embed.sh -a pk_migrations_pg $(MIGRATIONS_PG) > $@.tmp
	mv $@.tmp $@

$(B)/gen-%.o: $(B)/gen-%.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIBA): $(LIBOBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJ)

$(BIN)/%: cmd/%.c $(LIBA) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIBA) $(PK_LIBS)

$(B)/tests/unit/test-%: tests/unit/test-%.c tests/unit/tap.h tests/unit/input.h tests/fuzz/flat.h $(LIBA) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit $(ALL_LDFLAGS) -o $@ $< $(LIBA) $(PK_LIBS)

$(B)/tests/fuzz/replay-%: tests/fuzz/fuzz-%.c tests/fuzz/replay.c tests/fuzz/fuzz.h tests/fuzz/flat.h $(LIBA) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ tests/fuzz/replay.c $< $(LIBA) $(PK_LIBS)

# The tests: the man pages (mandoc -Tlint), then unit tests of lib/ and
# the binaries end to end on SQLite (fuzz corpora replayed among them),
# then the CLI tests again on a throwaway PostgreSQL cluster (but the
# long ones tests/cli/lib.sh's pg_long leaves to make check-pg).  Each
# prove prints its summary line.
check: deps
	@$(MAKE) --no-print-directory build $(UNITBINS) $(REPLAYS)
	@$(MAKE) --no-print-directory check-man
	PK_BIN=$(CURDIR)/$(BIN) PK_FUZZ=$(CURDIR)/$(B)/tests/fuzz \
	    prove -j2 --exec '' $(UNITBINS) tests/cli/[0-9]*.sh
	PK_BIN=$(CURDIR)/$(BIN) PK_FUZZ=$(CURDIR)/$(B)/tests/fuzz \
	    sh mk/check-pg.sh tests/cli/[0-9]*.sh

# The CLI tests again on a throwaway PostgreSQL cluster (mk/check-pg.sh
# starts it and always stops it; tests/cli/pg-pending lists those not
# yet passing there).  make check-pg runs all of them there, the long
# ones make check leaves out to hold its ten minutes (pg_long in
# tests/cli/lib.sh) too; .ci/run runs both.
check-pg: deps
	@$(MAKE) --no-print-directory build $(REPLAYS)
	PK_BIN=$(CURDIR)/$(BIN) PK_FUZZ=$(CURDIR)/$(B)/tests/fuzz PK_PG_ALL=1 \
	    sh mk/check-pg.sh tests/cli/[0-9]*.sh

# The same tests at other instants, time zones and locales, under
# faketime: no test depends on the machine's clock, zone or locale.
check-clock: deps
	@sh mk/deps.sh faketime locales-all
	@$(MAKE) --no-print-directory build $(UNITBINS) $(REPLAYS)
	PK_BIN=$(CURDIR)/$(BIN) PK_FUZZ=$(CURDIR)/$(B)/tests/fuzz \
	    sh mk/check-clock.sh $(UNITBINS) tests/cli/[0-9]*.sh

# The unit tests, then the CLI tests with every tool (and the fuzz
# replays) under valgrind (slow: about 20 minutes on 2 cores).
check-valgrind: deps
	@$(MAKE) --no-print-directory build $(UNITBINS) $(REPLAYS)
	@for t in $(UNITBINS); do \
	    valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
	    --error-exitcode=99 $$t >/dev/null || { echo "valgrind: $$t" >&2; exit 1; }; \
	    done; echo "unit tests: valgrind clean"
	@rm -rf build/valgrind && mkdir -p build/valgrind
	@for t in $(TOOLS); do \
	    printf '#!/bin/sh\nexec valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 %s "$$@"\n' \
	    "$(CURDIR)/bin/$$t" > build/valgrind/$$t && chmod +x build/valgrind/$$t; done
	PK_BIN=$(CURDIR)/build/valgrind PK_FUZZ=$(CURDIR)/$(B)/tests/fuzz PK_VALGRIND=1 \
	    prove -j2 --exec '' tests/cli/[0-9]*.sh

# libFuzzer, FUZZTIME seconds per harness (clang).
fuzz: deps
	@sh tests/fuzz/fuzz.sh $(FUZZTIME) $(FUZZ)

check-man:
	@for m in share/man/man*/*.[1-9]; do \
	    mandoc -Tlint -Wwarning "$$m" || exit 1; done; echo "man pages: mandoc -Tlint clean"

demo: deps
	@$(MAKE) --no-print-directory build
	@sh share/peerkit/examples/demo.sh

# Throughput, latency and memory beside SQLite's own ceiling (minutes).
bench: deps
	@$(MAKE) --no-print-directory build build/tests/bench/gen
	@sh tests/bench/bench.sh

build/tests/bench/gen: tests/bench/gen.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -std=c17 -Wall -Wextra -o $@ $<

# The long forms of the crash, concurrency and disk-full tests.
stress: deps
	@$(MAKE) --no-print-directory build
	@sh tests/stress/stress.sh

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(DATADIR)/schema $(DESTDIR)$(DATADIR)/schema-pg \
	    $(DESTDIR)$(DATADIR)/examples \
	    $(DESTDIR)$(BASHDIR) $(DESTDIR)$(ZSHDIR) $(DESTDIR)$(FISHDIR)
	for t in $(TOOLS); do \
	    cp bin/$$t $(DESTDIR)$(BINDIR)/ && chmod 755 $(DESTDIR)$(BINDIR)/$$t; \
	    ln -sf peerkit $(DESTDIR)$(BASHDIR)/$$t; \
	    cp completions/fish/peerkit.fish $(DESTDIR)$(FISHDIR)/$$t.fish; done
	cp share/man/man1/*.1 $(DESTDIR)$(MANDIR)/man1/
	cp share/man/man5/*.5 $(DESTDIR)$(MANDIR)/man5/
	cp share/man/man7/*.7 $(DESTDIR)$(MANDIR)/man7/
	cp share/peerkit/*.yaml $(DESTDIR)$(DATADIR)/
	cp share/peerkit/schema/*.sql $(DESTDIR)$(DATADIR)/schema/
	cp share/peerkit/schema-pg/*.sql $(DESTDIR)$(DATADIR)/schema-pg/
	cp -R share/peerkit/examples/. $(DESTDIR)$(DATADIR)/examples/
	cp completions/bash/peerkit $(DESTDIR)$(BASHDIR)/peerkit
	cp completions/zsh/_peerkit $(DESTDIR)$(ZSHDIR)/_peerkit

uninstall:
	for t in $(TOOLS); do rm -f $(DESTDIR)$(BINDIR)/$$t $(DESTDIR)$(MANDIR)/man1/$$t.1 \
	    $(DESTDIR)$(BASHDIR)/$$t $(DESTDIR)$(FISHDIR)/$$t.fish; done
	rm -f $(DESTDIR)$(MANDIR)/man5/peerkit-config.5 $(DESTDIR)$(MANDIR)/man7/peerkit.7 \
	    $(DESTDIR)$(BASHDIR)/peerkit $(DESTDIR)$(ZSHDIR)/_peerkit
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san bin lib/libpeerkit.a
