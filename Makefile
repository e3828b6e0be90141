# numasim - top-level, non-recursive Makefile.
#
#   make            build ./numasim
#   make run        run the embedded default workload on the default machine
#   make check      build and run every test (DEBUG=1: under ASan/UBSan)
#   make bench      run the benchmarks (machine-readable results on stdout)
#   make validate   numasim beside the reference kernel recordings, phase by
#                   phase (docs/validation.md; needs ORACLE, default
#                   ../shared/oracle; UPDATE=1 rewrites the page's tables)
#   make fuzz       build the libFuzzer targets with clang and run each for
#                   FUZZ_TIME seconds (default 60) or FUZZ_RUNS inputs
#                   (docs/fuzzing.md; not part of make check)
#   make deps       install missing build dependencies (as root) or say how
#   make clean
#
# Objects go to build/ (build-debug/ with DEBUG=1, build-fuzz/ for make
# fuzz); V=1 shows full commands.

CC       ?= gcc
AR       := gcc-ar
PKGS     := jansson zlib readline
DEBUG    ?= 0
WERROR   ?= 0

ifeq ($(DEBUG),1)
BUILD    := build-debug
OPT      := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
MMDEBUG  := -DMM_DEBUG=2
LDSAN    := -fsanitize=address,undefined
else
BUILD    := build
OPT      ?= -O2 -g -flto=auto
MMDEBUG  := -DMM_DEBUG=1
LDSAN    :=
endif

WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wpointer-arith -Wformat=2 -Wundef -Wno-unused-parameter
ifeq ($(WERROR),1)
WARN     += -Werror
endif

# build/config.mk is made by installing any missing dependency first, then
# asking pkg-config; make restarts itself once it exists.  The tests'
# library (Check) has a file of its own, made only when a goal builds the
# tests: building and running numasim do not need it.
CONFIG_MK := $(BUILD)/config.mk
CHECK_MK  := $(BUILD)/check.mk
ifneq ($(MAKECMDGOALS),clean)
include $(CONFIG_MK)
endif
ifneq ($(filter check %check_numasim,$(MAKECMDGOALS)),)
include $(CHECK_MK)
endif

CFLAGS   += -std=c11 -D_GNU_SOURCE $(OPT) $(MMDEBUG) $(WARN) -I. $(PKG_CFLAGS) -MMD -MP
LDLIBS   += $(PKG_LIBS) -lm

ifeq ($(V),1)
Q :=
else
Q := @
endif

# ---- sources ----------------------------------------------------------------
HW_SRCS   := $(wildcard hw/*.c)
MM_SRCS   := $(wildcard mm/*.c)
WL_SRCS   := $(wildcard workloads/*.c)
PLOT_SRCS := $(wildcard sim/plot*.c)
SWEEP_SRCS:= $(wildcard sim/sweep*.c)
SIM_SRCS  := $(filter-out sim/main.c sim/gen_main.c sim/compare.c $(PLOT_SRCS) $(SWEEP_SRCS),$(wildcard sim/*.c))
LIB_SRCS  := $(HW_SRCS) $(MM_SRCS) $(WL_SRCS) $(SIM_SRCS)
LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/%.o)
MAIN_OBJ  := $(BUILD)/sim/main.o $(BUILD)/sim/gen_main.o $(BUILD)/sim/compare.o \
             $(PLOT_SRCS:%.c=$(BUILD)/%.o) $(SWEEP_SRCS:%.c=$(BUILD)/%.o)
# The fuzz inputs' runners: the Check suite replays kept inputs through them.
FUZZ_INPUT_SRCS := tests/fuzz/fuzz_util.c tests/fuzz/trace_input.c tests/fuzz/replay_input.c \
                   tests/fuzz/run_input.c tests/fuzz/config_input.c tests/fuzz/ftrace_input.c
TEST_HELPERS := tests/helpers.c tests/process_helpers.c tests/zoneinfo_load.c $(FUZZ_INPUT_SRCS)
TEST_SRCS := $(sort $(filter-out tests/check_main.c,$(wildcard tests/check_*.c))) tests/check_main.c $(TEST_HELPERS)
TEST_OBJS := $(TEST_SRCS:%.c=$(BUILD)/%.o)
BENCH_SRCS:= $(wildcard tests/bench/*.c)
BENCH_BINS:= $(BENCH_SRCS:tests/bench/%.c=$(BUILD)/bench/%)
BENCH_OBJS:= $(BENCH_SRCS:%.c=$(BUILD)/%.o)

ifeq ($(DEBUG),1)
NUMASIM  := $(BUILD)/numasim
else
NUMASIM  := numasim
endif
TESTBIN  := $(BUILD)/tests/check_numasim
LIBA     := $(BUILD)/libnumasim.a

.PHONY: all run check bench validate fuzz fuzz-corpus deps clean debug check-debug
all: $(NUMASIM)

# ---- dependencies: installed on demand --------------------------------------
$(CONFIG_MK): tests/install-deps.sh
	$(Q)sh tests/install-deps.sh
	@mkdir -p $(BUILD)
	$(Q){ echo "PKG_CFLAGS := $$(pkg-config --cflags $(PKGS))"; \
	     echo "PKG_LIBS := $$(pkg-config --libs $(PKGS))"; } > $@.tmp && mv $@.tmp $@

$(CHECK_MK): tests/install-deps.sh | $(CONFIG_MK)
	$(Q)sh tests/install-deps.sh check
	$(Q){ echo "CHECK_CFLAGS := $$(pkg-config --cflags check)"; \
	     echo "CHECK_LIBS := $$(pkg-config --libs check)"; } > $@.tmp && mv $@.tmp $@

deps:
	$(Q)sh tests/install-deps.sh check

# ---- build -----------------------------------------------------------------
$(BUILD)/%.o: %.c | $(CONFIG_MK)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(LIBA): $(LIB_OBJS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(NUMASIM): $(MAIN_OBJ) $(LIBA)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDSAN) -o $@ $^ $(LDLIBS)

# Every "Suite *name_suite(void)" defined in tests/check_*.c.
$(BUILD)/tests/suites.h: $(filter-out tests/check_main.c,$(wildcard tests/check_*.c))
	@mkdir -p $(dir $@)
	$(Q)sed -n 's/^Suite \*\([a-z0-9_]*_suite\)(void)$$/SUITE(\1)/p' $^ | sort > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/check_main.o: $(BUILD)/tests/suites.h
$(BUILD)/tests/check_main.o: CFLAGS += -I$(BUILD)/tests
$(TEST_OBJS): CFLAGS += $(CHECK_CFLAGS)

$(TESTBIN): $(TEST_OBJS) $(LIBA)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDSAN) -o $@ $^ $(CHECK_LIBS) $(LDLIBS)

# Compiled, then linked as numasim is: the link's LTO pass gets no warning
# flags (sim/'s files, linked in by some benchmarks, would warn there).
$(BUILD)/bench/%: $(BUILD)/tests/bench/%.o $(LIBA)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDSAN) -o $@ $^ $(LDLIBS)
.SECONDARY: $(BENCH_OBJS)

# ---- user targets ------------------------------------------------------------
run: $(NUMASIM)
	./$(NUMASIM) run -o numasim-out

check: $(TESTBIN) $(NUMASIM)
	$(Q)NUMASIM=./$(NUMASIM) ./$(TESTBIN)

bench: $(BENCH_BINS) $(NUMASIM)
	$(Q)sh tests/bench/run.sh $(BUILD)/bench ./$(NUMASIM)

# The recordings live beside the project, not in it: without them there
# is nothing to compare, which is not an error.
ORACLE   ?= ../shared/oracle
validate: $(NUMASIM)
	$(Q)if [ -d "$(ORACLE)" ]; then \
		sh tests/validation/validate.sh -n ./$(NUMASIM) -w $(BUILD)/validation \
			-d docs/validation.md $(if $(filter 1,$(UPDATE)),-u) "$(ORACLE)"; \
	else \
		echo "make validate: no reference recordings at $(ORACLE) (ORACLE=DIR names them);"; \
		echo "make validate: nothing compared. docs/validation.md holds the last tables."; \
	fi

# ---- fuzzing ------------------------------------------------------------------
# libFuzzer targets (tests/fuzz/fuzz_*.c), built with clang under ASan and
# UBSan with MM_DEBUG=2 into build-fuzz/, apart from the gcc build.  Each
# runs on its corpus in build-fuzz/corpus/NAME/ (seeded from the samples,
# configs and test inputs; what it finds is kept there) and writes crashing
# inputs to build-fuzz/artifacts/NAME/.  FUZZ_TARGETS picks targets,
# FUZZ_TIME (seconds) and FUZZ_RUNS (inputs; -1: no limit) bound each run,
# whichever ends first; FUZZ_OPTS adds libFuzzer options (-jobs=2 ...).
FUZZ_CC      ?= clang
FUZZ_BUILD   := build-fuzz
FUZZ_TARGETS ?= trace replay run config ftrace
FUZZ_TIME    ?= 60
FUZZ_RUNS    ?= -1
FUZZ_TIMEOUT ?= 10
FUZZ_OPTS    ?=
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all
# clang warns where gcc does not about idioms the code uses on purpose:
# key rows that leave .flag to its zero default, and printf wrappers that
# pass their format on.
FUZZ_WARN    := -Wno-missing-field-initializers -Wno-format-nonliteral
FUZZ_IGNORE  := tests/fuzz/coverage-ignore.txt
FUZZ_CFLAGS  := -std=c11 -D_GNU_SOURCE -O1 -g -fno-omit-frame-pointer $(FUZZ_SAN) \
                -fsanitize=fuzzer-no-link -fsanitize-coverage-ignorelist=$(FUZZ_IGNORE) \
                -DMM_DEBUG=2 $(WARN) $(FUZZ_WARN) -I. $(PKG_CFLAGS) -MMD -MP
FUZZ_OBJS    := $(LIB_SRCS:%.c=$(FUZZ_BUILD)/%.o) $(FUZZ_INPUT_SRCS:%.c=$(FUZZ_BUILD)/%.o) \
                $(FUZZ_BUILD)/tests/fuzz/fuzz_target.o
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)

# Seeds, dictionaries and the longest input, per target.
FUZZ_TRACES        := $(wildcard workloads/samples/*.trace tests/scenarios/*.trace \
                                 tests/data/cli/*.trace)
FUZZ_SEEDS_trace   := $(FUZZ_TRACES) $(wildcard tests/data/fuzz/trace/*)
FUZZ_SEEDS_replay  := $(FUZZ_TRACES) $(wildcard tests/data/fuzz/replay/*)
FUZZ_SEEDS_run     := $(FUZZ_TRACES) $(wildcard tests/data/fuzz/run/*)
FUZZ_SEEDS_config  := $(wildcard configs/*.json tests/scenarios/*.json tests/data/cli/*.json \
                                 tests/data/init_from/*.json tests/bench/*.json \
                                 tests/data/fuzz/config/*)
FUZZ_SEEDS_ftrace  := $(wildcard tests/data/ftrace/*.trace tests/data/fuzz/ftrace/*)
FUZZ_DICT_trace    := tests/fuzz/trace.dict
FUZZ_DICT_replay   := tests/fuzz/trace.dict
FUZZ_DICT_run      := tests/fuzz/trace.dict
FUZZ_DICT_config   := tests/fuzz/config.dict
FUZZ_DICT_ftrace   := tests/fuzz/ftrace.dict
FUZZ_MAX_LEN_trace := 16384
FUZZ_MAX_LEN_replay:= 16384
FUZZ_MAX_LEN_run   := 16384
FUZZ_MAX_LEN_config:= 4096
FUZZ_MAX_LEN_ftrace:= 16384

$(FUZZ_BUILD)/%.o: %.c $(FUZZ_IGNORE) | $(CONFIG_MK)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC-FUZZ $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/tests/fuzz/fuzz_%.o $(FUZZ_OBJS)
	@$(if $(Q),echo "  LD-FUZZ $@")
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS) -lm

.SECONDARY: $(FUZZ_OBJS) $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/tests/fuzz/fuzz_%.o)

# The seed corpus: copied in on every run (the fuzzer's own finds stay),
# each seed named after its path, as two directories may hold the same name.
fuzz-corpus:
	$(Q)$(foreach t,$(FUZZ_TARGETS),mkdir -p $(FUZZ_BUILD)/corpus/$(t) $(FUZZ_BUILD)/artifacts/$(t) && \
		for f in $(FUZZ_SEEDS_$(t)); do \
			cp "$$f" "$(FUZZ_BUILD)/corpus/$(t)/$$(echo "$$f" | tr / _)" || exit 1; \
		done &&) true
	$(Q)$(if $(filter trace,$(FUZZ_TARGETS)),gzip -9nc workloads/samples/thp.trace \
		> $(FUZZ_BUILD)/corpus/trace/thp.trace.gz)
	$(Q)$(if $(filter ftrace,$(FUZZ_TARGETS)),for f in tests/data/ftrace/*.trace.gz; do \
		gzip -dc "$$f" > "$(FUZZ_BUILD)/corpus/ftrace/$$(basename "$$f" .gz)" || exit 1; done)

fuzz: $(FUZZ_BINS) fuzz-corpus
	$(Q)$(foreach t,$(FUZZ_TARGETS),echo "  FUZZ    $(t) ($(FUZZ_TIME) s, $(FUZZ_RUNS) runs)" && \
		$(FUZZ_BUILD)/fuzz_$(t) -dict=$(FUZZ_DICT_$(t)) -max_len=$(FUZZ_MAX_LEN_$(t)) \
		-timeout=$(FUZZ_TIMEOUT) -max_total_time=$(FUZZ_TIME) -runs=$(FUZZ_RUNS) \
		-print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/artifacts/$(t)/ $(FUZZ_OPTS) \
		$(FUZZ_BUILD)/corpus/$(t) &&) true

clean:
	rm -rf build build-debug build-fuzz numasim numasim-out

-include $(LIB_OBJS:.o=.d) $(MAIN_OBJ:.o=.d) $(TEST_OBJS:.o=.d) $(BENCH_OBJS:.o=.d) $(FUZZ_OBJS:.o=.d) \
	 $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/tests/fuzz/fuzz_%.d)
