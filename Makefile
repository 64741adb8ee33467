# vulnloop: the two front-door commands, and the rest.
#
#   make demo    install what is missing, build, run the whole cycle on examples/
#   make test    install what is missing, build, run every test
#
# Other targets: build, test-asan, fuzz-short, diff-full, bench, clean.

BUILD      ?= build
BUILD_ASAN ?= build-asan
BUILD_FUZZ ?= build-fuzz
MESON_TEST  = meson test --print-errorlogs --num-processes 2

.PHONY: all deps build demo test test-asan fuzz-short diff-full bench clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

build: deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)

demo: build
	./$(BUILD)/cli/vulnloop demo --examples examples --out demo-out

test: build
	$(MESON_TEST) -C $(BUILD)

$(BUILD_ASAN)/build.ninja:
	meson setup $(BUILD_ASAN) --buildtype=debug \
	  -Db_sanitize=address,undefined -Db_lundef=false

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer; the
# differential sample runs once, in `make test`.
test-asan: deps $(BUILD_ASAN)/build.ninja
	meson compile -C $(BUILD_ASAN)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(MESON_TEST) -C $(BUILD_ASAN) --no-suite diff

$(BUILD_FUZZ)/build.ninja:
	CC=clang meson setup $(BUILD_FUZZ) --buildtype=debugoptimized -Dfuzz=true \
	  -Dtests=false -Db_sanitize=address,undefined -Db_lundef=false

# A short run of every fuzz target (FUZZ_SECONDS each) on its seed corpus.
FUZZ_SECONDS ?= 20
fuzz-short: deps $(BUILD_FUZZ)/build.ninja
	meson compile -C $(BUILD_FUZZ)
	scripts/fuzz-run.sh $(BUILD_FUZZ) $(FUZZ_SECONDS)

# 100,000 generated pairs per version scheme against dpkg, rpm, npm semver
# and python3-packaging.
diff-full: build
	VULNLOOP=$(CURDIR)/$(BUILD)/cli/vulnloop VL_SHARED_DATA=$(CURDIR)/../shared/data \
	  sh -c 'for s in tests/diff/diff_*.sh; do "$$s" 100000 || exit 1; done'

bench: build
	scripts/bench-run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_FUZZ) demo-out
