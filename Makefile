# sc — social customer service from the shell.
# `make` builds into $(O) (default build/); `make check` runs every test,
# then the same suite again under AddressSanitizer + UBSan (build-asan/).

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DOCDIR  ?= $(PREFIX)/share/doc/sc
O       ?= build
VERSION := 0.1.0

CC      ?= cc
CFLAGS  ?= -O2 -g
WFLAGS  := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wno-missing-field-initializers
# lib/*.cc (simdjson's parser behind a C interface) is C++17, built with
# the C flags (optimisation, sanitizers) unless CXXFLAGS says otherwise.
CXX     ?= g++
CXXFLAGS ?= $(CFLAGS)
CXXWFLAGS := -std=c++17 -Wall -Wextra -Werror -Wshadow
CPPFLAGS += -pthread -D_GNU_SOURCE -DSC_VERSION='"$(VERSION)"' -Ilib
# libjq and libcsv ship no pkg-config file in Debian; libcurl, sqlite3 and
# oniguruma (libjq's regex library, whose compiles lib/jqregex.c keeps) do.
PKGS    := sqlite3 libcurl libical icu-i18n icu-uc oniguruma
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lsqlite3 -lcurl -lical -licui18n -licuuc -licudata -lonig) -ljq -lcsv -lsimdjson -lstdc++ -lm -pthread

# Every cmd/sc-NAME.c is a binary, with its man/sc-NAME.1.
BINS    := $(patsubst cmd/%.c,%,$(wildcard cmd/sc-*.c))
LIBSRC  := $(sort $(wildcard lib/*.c))
LIBCXX  := $(sort $(wildcard lib/*.cc))
LIBOBJ  := $(LIBSRC:lib/%.c=$(O)/lib/%.o) $(LIBCXX:lib/%.cc=$(O)/lib/%.o)
TESTSRC := $(sort $(wildcard tests/lib/test_*.c))
TESTBIN := $(TESTSRC:tests/lib/%.c=$(O)/tests/%)
# Helpers the shell tests run (not TAP tests themselves).
TOOLSRC := $(sort $(wildcard tests/lib/tool_*.c))
TOOLBIN := $(TOOLSRC:tests/lib/%.c=$(O)/tests/%)
MAN1    := $(BINS:%=man/%.1)
MAN5    := man/sc-record.5 man/sc-state.5
MAN7    := man/sc.7
# The configurations and inbox the man pages' examples use, installed with
# the cron and systemd examples (their /usr/local/ made $(PREFIX)/) under
# $(DOCDIR)/examples.
DOCEX   := examples/routes.json examples/replies.json examples/holidays-it.ics \
	   examples/inbox.csv examples/inbox.jsonl examples/README.md

all: $(BINS:%=$(O)/%)

$(O)/lib/%.o: lib/%.c lib/*.h | $(O)/lib
	$(CC) $(CPPFLAGS) $(WFLAGS) $(CFLAGS) -c -o $@ $<
$(O)/lib/%.o: lib/%.cc lib/*.h | $(O)/lib
	$(CXX) $(CPPFLAGS) $(CXXWFLAGS) $(CXXFLAGS) -c -o $@ $<
$(O)/cmd/%.o: cmd/%.c lib/*.h | $(O)/cmd
	$(CC) $(CPPFLAGS) $(WFLAGS) $(CFLAGS) -c -o $@ $<
$(O)/libsc.a: $(LIBOBJ)
	rm -f $@ && ar rcs $@ $^
$(O)/sc-%: $(O)/cmd/sc-%.o $(O)/libsc.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(O)/tests/%: tests/lib/%.c tests/lib/tap.h $(O)/libsc.a | $(O)/tests
	$(CC) $(CPPFLAGS) -Itests/lib $(WFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(O)/libsc.a $(LDLIBS)
$(O)/lib $(O)/cmd $(O)/tests:
	mkdir -p $@

# Fuzz targets (fuzz/fz_*.c): libFuzzer binaries built with clang in
# build-fuzz/ by `make fuzz`; the same targets linked with fuzz/replay.c (any
# compiler) replay fuzz/regress/ in `make check`.
FUZZ    := $(patsubst fuzz/%.c,%,$(wildcard fuzz/fz_*.c))
REPLAY  := $(FUZZ:fz_%=$(O)/fuzz/replay-%)
FUZZ_SECONDS ?= 600
FUZZ_CFLAGS  := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

$(O)/fuzz/replay-%: fuzz/fz_%.c fuzz/replay.c fuzz/fuzz.c fuzz/fuzz.h $(O)/libsc.a | $(O)/fuzz
	$(CC) $(CPPFLAGS) -Ifuzz $(WFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ fuzz/fz_$*.c fuzz/replay.c fuzz/fuzz.c $(O)/libsc.a $(LDLIBS)
$(O)/fuzz/fz_%: fuzz/fz_%.c fuzz/fuzz.c fuzz/fuzz.h $(O)/libsc.a | $(O)/fuzz
	$(CC) $(CPPFLAGS) -Ifuzz $(WFLAGS) $(CFLAGS) -fsanitize=fuzzer -o $@ fuzz/fz_$*.c fuzz/fuzz.c $(O)/libsc.a $(LDLIBS)
$(O)/fuzz:
	mkdir -p $@

fuzz-build:
	$(MAKE) O=build-fuzz CC=clang CXX=clang++ CFLAGS='$(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link' \
		LDFLAGS='-fsanitize=address,undefined' $(FUZZ:%=build-fuzz/fuzz/%)

# Each target for FUZZ_SECONDS, one after another (FUZZ_TARGETS: a subset).
fuzz: fuzz-build
	fuzz/run build-fuzz $(FUZZ_SECONDS) $(or $(FUZZ_TARGETS),$(FUZZ))

tests: all $(TESTBIN) $(TOOLBIN) $(REPLAY)

# The suite: C unit tests for lib/, shell tests (bats) for every binary.
check: tests
	SC_BUILD=$(O) tests/run
	$(MAKE) check-asan

check-asan:
	$(MAKE) O=build-asan CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
		LDFLAGS='-fsanitize=address,undefined' tests
	SC_BUILD=build-asan ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=23 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 tests/run

# The C unit tests under valgrind (leaks and memory errors; ASan's view
# misses uninitialised reads). Each test's valgrind output: $(O)/valgrind/.
check-valgrind: tests
	@mkdir -p $(O)/valgrind; fail=0; for t in $(TESTBIN); do \
		if valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
			--log-file=$(O)/valgrind/$${t##*/}.log $$t >/dev/null 2>&1; \
		then echo "ok   $$t"; else echo "FAIL $$t"; cat $(O)/valgrind/$${t##*/}.log; fail=1; fi; \
	done; exit $$fail

deps:
	@scripts/deps

demo: deps
	$(MAKE) all
	@scripts/demo $(O)

bench: all
	scripts/deps bench
	bench/run

report-screenshot: all
	scripts/report-screenshot $(O)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(BINS:%=$(O)/%) $(DESTDIR)$(BINDIR)
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(MAN5) $(DESTDIR)$(MANDIR)/man5
	install -m 644 $(MAN7) $(DESTDIR)$(MANDIR)/man7
	install -d $(DESTDIR)$(PREFIX)/share/sc/models/lexicon
	install -m 644 models/*.model models/taxonomy.txt models/NOTICE $(DESTDIR)$(PREFIX)/share/sc/models
	install -m 644 models/lexicon/*.txt $(DESTDIR)$(PREFIX)/share/sc/models/lexicon
	install -d $(DESTDIR)$(DOCDIR)/examples/cron $(DESTDIR)$(DOCDIR)/examples/systemd
	install -m 644 $(DOCEX) $(DESTDIR)$(DOCDIR)/examples
	for f in cron/crontab systemd/sc.service systemd/sc.timer; do \
		sed 's|/usr/local/|$(PREFIX)/|g' examples/$$f >$(DESTDIR)$(DOCDIR)/examples/$$f && \
		chmod 644 $(DESTDIR)$(DOCDIR)/examples/$$f || exit 1; done

uninstall:
	rm -f $(BINS:%=$(DESTDIR)$(BINDIR)/%)
	rm -f $(MAN1:man/%=$(DESTDIR)$(MANDIR)/man1/%) $(MAN5:man/%=$(DESTDIR)$(MANDIR)/man5/%) $(MAN7:man/%=$(DESTDIR)$(MANDIR)/man7/%)
	rm -rf $(DESTDIR)$(PREFIX)/share/sc/models
	rm -rf $(DESTDIR)$(DOCDIR)

clean:
	rm -rf build build-asan build-fuzz

.PHONY: all tests check check-asan check-valgrind fuzz fuzz-build deps demo bench report-screenshot install uninstall clean
.SECONDARY:

# The built-in models (models/*.model), retrained from ../shared/data/external/labeled
# and tests/labeled/ by the same `sc-classify train` users have (scripts/train-models).
models: all
	scripts/train-models $(O)

models-eval: all
	scripts/train-models --eval $(O)

.PHONY: models models-eval

# lib/tlds.c: the top-level domains of twitter-text's conformance/tlds.yml
# (in ../shared; tests/sc-reply/040-length-conformance.bats checks they agree).
SC_SHARED ?= ../shared
tlds:
	scripts/gen-tlds $(SC_SHARED)/data/external/twitter_text/tlds.yml > lib/tlds.c.new
	mv lib/tlds.c.new lib/tlds.c

.PHONY: tlds

# Sentiment on the held-out sets next to VADER's (npm vader-sentiment, installed
# into the git-ignored bench/out/vader; a benchmark reference, never used by sc).
vader-compare: all
	bench/vader-compare $(O)

.PHONY: vader-compare
