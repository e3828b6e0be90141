# numasim - top-level, non-recursive Makefile.
#
#   make            build ./numasim
#   make run        run the embedded default workload on the default machine
#   make check      build and run every test (DEBUG=1: under ASan/UBSan)
#   make bench      run the benchmarks (machine-readable results on stdout)
#   make validate   numasim beside the reference kernel recordings, phase by
#                   phase (docs/validation.md; needs ORACLE, default
#                   ../shared/oracle; UPDATE=1 rewrites the page's tables)
#   make deps       install missing build dependencies (as root) or say how
#   make clean
#
# Objects go to build/ (build-debug/ with DEBUG=1); V=1 shows full commands.

CC       ?= gcc
AR       := gcc-ar
PKGS     := jansson zlib
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
SIM_SRCS  := $(filter-out sim/main.c,$(wildcard sim/*.c))
LIB_SRCS  := $(HW_SRCS) $(MM_SRCS) $(WL_SRCS) $(SIM_SRCS)
LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/%.o)
MAIN_OBJ  := $(BUILD)/sim/main.o
TEST_HELPERS := tests/helpers.c tests/process_helpers.c tests/zoneinfo_load.c
TEST_SRCS := $(sort $(filter-out tests/check_main.c,$(wildcard tests/check_*.c))) tests/check_main.c $(TEST_HELPERS)
TEST_OBJS := $(TEST_SRCS:%.c=$(BUILD)/%.o)
BENCH_SRCS:= $(wildcard tests/bench/*.c)
BENCH_BINS:= $(BENCH_SRCS:tests/bench/%.c=$(BUILD)/bench/%)

ifeq ($(DEBUG),1)
NUMASIM  := $(BUILD)/numasim
else
NUMASIM  := numasim
endif
TESTBIN  := $(BUILD)/tests/check_numasim
LIBA     := $(BUILD)/libnumasim.a

.PHONY: all run check bench validate deps clean debug check-debug
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

$(BUILD)/bench/%: tests/bench/%.c $(LIBA) | $(CONFIG_MK)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(LIBA) $(LDLIBS)

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

clean:
	rm -rf build build-debug numasim numasim-out

-include $(LIB_OBJS:.o=.d) $(MAIN_OBJ:.o=.d) $(TEST_OBJS:.o=.d)
