# Träffpunkt. `make run` starts a local server with demo data; `make test` runs every test.
# Both first install missing Debian 12 packages (as root) or print the apt-get command to run.
# Override any variable on the command line, e.g. `make fuzz FUZZ_SECONDS=600` or, for an
# optimised build without sanitizers, `make build SANITIZE=OFF BUILD_TYPE=Release BUILD_DIR=build-release`.

# Two build folders, each compiling every file once (in unity batches of six files per target,
# which parse shared headers and instantiate shared templates once per batch; CMakeLists.txt):
# - $(BUILD_DIR) (build/): GCC with AddressSanitizer + UndefinedBehaviorSanitizer, line
#   tables (-g1), asserts on, -Wall -Wextra -Wpedantic on all our code: the server, both
#   clients, every test. The code under test is -O1; test code (tests/unit, tests/integration
#   and their support) is -O0 with a precompiled header, which halves its compile and costs
#   no run time (tests/CMakeLists.txt). Every CTest suite runs against it (unit, integration,
#   calendar parsers, browser, load generator smoke), so the server every test starts is the
#   sanitized one; `make run` runs it too.
# - $(FUZZ_DIR) (build-fuzz/): clang with libFuzzer, ASan and UBSan, only the fuzz targets and
#   the few libraries they link (protocol, domain, ical and four pure parsers).
# Optimised builds are for measuring: `make bench` builds its own in $(BENCH_DIR). The Debian
# package (`make package`) has its own too: $(PACKAGE_DIR).
BUILD_DIR   ?= build
SANITIZE    ?= ON
CMAKE_FLAGS ?=
JOBS        ?= $(shell nproc)
CONFIG      ?= config/traffpunkt.toml
SERVER      := ./$(BUILD_DIR)/server/traffpunkt
CLI         := ./$(BUILD_DIR)/clients/cli/traffpunkt-cli

PACKAGES := build-essential cmake ninja-build pkg-config libboost1.81-dev libboost-json1.81-dev \
            libsqlite3-dev sqlite3 libical-dev libspdlog-dev libfmt-dev libtomlplusplus-dev \
            libgtest-dev libgmock-dev libssl-dev openssl python3 curl util-linux \
            python3-icalendar nodejs clang libclang-common-14-dev chromium libqrencode-dev \
            libcurl4-openssl-dev libgmime-3.0-dev python3-aiosmtpd prometheus file
# prometheus: promtool checks config/prometheus-alerts.yml and the dashboard's queries. file:
# CPack's DEB generator finds the binaries to run dpkg-shlibdeps on with it (the package test).
# Checked by command rather than package: NodeSource's nodejs package bundles npm.
COMMANDS := npm
# Only `make bench` needs these (wrk drives the calendar feed; nginx-light is its reference).
BENCH_PACKAGES := wrk nginx-light util-linux

# Ninja when it is there (faster no-op builds), else CMake's default generator.
GENERATOR := $(if $(shell command -v ninja),-G Ninja)

# The sanitized build: -O1 keeps the tests fast enough and the compile cheaper than -O2; -g1
# (line tables) is all a sanitizer's stack trace needs, at a fraction of full debug info.
ifeq ($(SANITIZE),ON)
BUILD_FLAGS := -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" -DTRAFFPUNKT_SANITIZE=ON
else
BUILD_TYPE  ?= RelWithDebInfo
BUILD_FLAGS := -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DTRAFFPUNKT_SANITIZE=OFF
endif
# A finding stops the test with a stack trace; a leak at exit fails the process that leaked.
# The quarantine (freed memory kept poisoned to catch use-after-free) is cut from 256 MiB to
# 16 MiB, or it alone would break the slow-consumer test's bound on the server's RSS.
SAN_ENV := ASAN_OPTIONS=detect_leaks=1:quarantine_size_mb=16 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

.PHONY: deps bench-deps configure build run test sanitize fuzz fuzz-build fuzz-run bench clean format \
        package package-lint unity-check

# deps: install the Debian packages that are missing (as root), or print the command and fail.
deps:
	@missing=""; \
	for p in $(PACKAGES); do \
	    status=$$(dpkg-query -W -f='$${db:Status-Status}' $$p 2>/dev/null); \
	    [ "$$status" = installed ] || missing="$$missing $$p"; \
	done; \
	for c in $(COMMANDS); do \
	    command -v $$c >/dev/null 2>&1 || missing="$$missing $$c"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing missing packages:$$missing"; \
	    apt-get update && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	else \
	    echo "Missing Debian packages:$$missing. Install them with:"; \
	    echo "  sudo apt-get install -y --no-install-recommends$$missing"; \
	    exit 1; \
	fi

configure: deps
	cmake -S . -B $(BUILD_DIR) $(GENERATOR) $(BUILD_FLAGS) $(CMAKE_FLAGS)

# build: configure $(BUILD_DIR) and build everything (server, clients, tests).
build: configure
	cmake --build $(BUILD_DIR) -j$(JOBS)

# run: a server on http://127.0.0.1:8080/ with demo data, plus a fresh coordinator token. Builds
# only the server and the CLI (the tests are `make test`'s).
run: configure
	cmake --build $(BUILD_DIR) -j$(JOBS) --target traffpunkt traffpunkt-cli
	@mkdir -p var
	@token=$$($(SAN_ENV) $(SERVER) --config $(CONFIG) token create --role coordinator \
	    --name "make run") || exit 1; \
	listen=$${TRAFFPUNKT_LISTEN:-127.0.0.1:8080}; \
	echo; \
	echo "  Träffpunkt:        http://$$listen/"; \
	echo "  Coordinator token: $$token"; \
	echo "  Mail:              var/outbox-sent/<id>.eml with [mail] transport = \"file\" (the"; \
	echo "                     default; the log's \"mail goes to\" line names where it goes)"; \
	echo "  Try:  $(CLI) --token $$token call meeting.list '{\"network_id\":1}'"; \
	echo "        $(CLI) subscribe network:1"; \
	echo "  Stop with Ctrl-C."; \
	echo; \
	exec env $(SAN_ENV) $(SERVER) --config $(CONFIG) --demo-data

# test: build both folders, run every test registered with CTest (unit, integration, calendar
# parsers, browser, loadgen smoke; the browser test, the longest, starts first), then a 10 s
# fuzz smoke run per target.
test: build fuzz-build tests/calendar/node_modules tests/e2e/node_modules
	$(SAN_ENV) ctest --test-dir $(BUILD_DIR) --output-on-failure -j2 --timeout 900
	$(MAKE) --no-print-directory fuzz-run FUZZ_SECONDS=10

# unity-check: every target compiled as one unity batch, syntax only (no code generated), so that
# two files of a target defining the same name at file scope are found before some batch happens
# to put them together (the build compiles batches of TRAFFPUNKT_UNITY_BATCH files; CMakeLists.txt).
# About two minutes on two cores; not part of `make test`, where a clash fails the build anyway.
UNITY_CHECK_DIR ?= build-unity-check
unity-check: deps
	cmake -S . -B $(UNITY_CHECK_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0 \
	    -DTRAFFPUNKT_UNITY=ON -DTRAFFPUNKT_UNITY_BATCH=0
	cmake -S . -B $(UNITY_CHECK_DIR) -DCMAKE_CXX_FLAGS=-fsyntax-only
	ninja -C $(UNITY_CHECK_DIR) -k 0 \
	    $$(ninja -C $(UNITY_CHECK_DIR) -t targets all | grep -o '^[^:]*/Unity/unity_0_cxx.cxx.o')

# sanitize: the unit and integration tests alone (they run sanitized in every `make test`; the
# mail tests read calendars with ical.js, hence node_modules).
sanitize: build tests/calendar/node_modules
	$(SAN_ENV) ctest --test-dir $(BUILD_DIR) --output-on-failure -j2 --timeout 900 \
	    -L '^(unit|integration)$$' -E '^calendar_'

# The fuzz folder: clang, ASan + UBSan and libFuzzer's coverage, nothing but the fuzz targets.
FUZZ_DIR := build-fuzz
FUZZ_FLAGS := -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
    "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" "-DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link" \
    -DTRAFFPUNKT_SANITIZE=ON -DTRAFFPUNKT_FUZZ=ON -DTRAFFPUNKT_TESTS=OFF -DTRAFFPUNKT_BENCH=OFF
FUZZ_SECONDS ?= 120
FUZZ_TARGETS := protocol_decoder http_target ical_feed csv_writer

fuzz-build: deps
	cmake -S . -B $(FUZZ_DIR) $(GENERATOR) $(FUZZ_FLAGS)
	cmake --build $(FUZZ_DIR) -j$(JOBS) --target $(addsuffix _fuzz,$(FUZZ_TARGETS))

# fuzz: build the libFuzzer targets in $(FUZZ_DIR) and run each for FUZZ_SECONDS on its seed
# corpus (tests/fuzz/corpus/<target>); new inputs stay in $(FUZZ_DIR)/corpus.
fuzz: fuzz-build
	$(MAKE) --no-print-directory fuzz-run

fuzz-run:
	@for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(FUZZ_DIR)/corpus/$$t; \
	    echo "fuzzing $$t for $(FUZZ_SECONDS) s"; \
	    ./$(FUZZ_DIR)/tests/fuzz/$${t}_fuzz -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        $(FUZZ_DIR)/corpus/$$t tests/fuzz/corpus/$$t 2>$(FUZZ_DIR)/$$t.log \
	        || { tail -40 $(FUZZ_DIR)/$$t.log; exit 1; }; \
	    grep -E "^(stat::number_of_executed_units|Done)" $(FUZZ_DIR)/$$t.log || true; \
	done

# ical.js for the calendar parser test, exactly as package-lock.json pins it (npm registry only).
tests/calendar/node_modules: tests/calendar/package-lock.json
	npm ci --prefix tests/calendar --no-audit --no-fund

# playwright-core, @axe-core/playwright and ws for the browser tests, as package-lock.json pins
# them. Never a browser download: the tests drive Debian's chromium (in PACKAGES).
tests/e2e/node_modules: tests/e2e/package-lock.json
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix tests/e2e --no-audit --no-fund

# bench-deps: the packages only the benchmarks need, installed by the `deps` recipe itself.
bench-deps: deps
	@$(MAKE) --no-print-directory deps PACKAGES="$(BENCH_PACKAGES)" COMMANDS=

# bench: an optimised build of the server and the load generator only ($(BENCH_DIR), no
# sanitizer), then every scenario of tests/bench/README.md (loopback, under 10 minutes); one
# JSON line per scenario on stdout.
BENCH_DIR  ?= build-bench
BENCH_TYPE ?= RelWithDebInfo
bench: bench-deps tests/bench/peers/node_modules
	cmake -S . -B $(BENCH_DIR) $(GENERATOR) -DCMAKE_BUILD_TYPE=$(BENCH_TYPE) $(CMAKE_FLAGS)
	cmake --build $(BENCH_DIR) -j$(JOBS) --target traffpunkt traffpunkt-loadgen
	BUILD_DIR=$(BENCH_DIR) tests/bench/run_all.sh

# ws for the Node.js reference peer of the benchmarks, pinned by package-lock.json.
tests/bench/peers/node_modules: tests/bench/peers/package-lock.json
	npm ci --prefix tests/bench/peers --no-audit --no-fund

# package: the Debian package, $(PACKAGE_DIR)/traffpunkt_<version>_<arch>.deb (and its
# traffpunkt-dbgsym .ddeb), from an optimised build without sanitizers of only what it ships, with
# Debian's hardening flags (dpkg-buildflags: fortify, stack protector, full RELRO, bind now).
# Install it with `apt install ./$(PACKAGE_DIR)/traffpunkt_*.deb`; README "Installing on Debian".
PACKAGE_DIR ?= build-package
PACKAGE_BUILDFLAGS := DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get
PACKAGE_FLAGS = -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRAFFPUNKT_SANITIZE=OFF \
    -DTRAFFPUNKT_TESTS=OFF -DTRAFFPUNKT_BENCH=OFF \
    "-DCMAKE_CXX_FLAGS=$(shell $(PACKAGE_BUILDFLAGS) CPPFLAGS) $(shell $(PACKAGE_BUILDFLAGS) CXXFLAGS)" \
    "-DCMAKE_EXE_LINKER_FLAGS=$(shell $(PACKAGE_BUILDFLAGS) LDFLAGS)"
package: deps
	cmake -S . -B $(PACKAGE_DIR) $(GENERATOR) $(PACKAGE_FLAGS) $(CMAKE_FLAGS)
	cmake --build $(PACKAGE_DIR) -j$(JOBS) --target traffpunkt traffpunkt-cli traffpunkt_package_docs
	rm -f $(PACKAGE_DIR)/traffpunkt_*.deb $(PACKAGE_DIR)/traffpunkt-dbgsym_*.ddeb
	cd $(PACKAGE_DIR) && cpack
	@echo; echo "  Install with: apt install ./$$(ls $(PACKAGE_DIR)/traffpunkt_*.deb)"; echo

# package-lint: lintian over the package (lintian is not in PACKAGES: it brings ~130 packages for
# this one check). Remaining tags are explained in packaging/debian/lintian-overrides.
package-lint: package
	@$(MAKE) --no-print-directory deps PACKAGES=lintian COMMANDS=
	lintian --fail-on error,warning --display-info --pedantic $(PACKAGE_DIR)/traffpunkt_*.deb

# clean: remove the build directories (the data in var/ stays).
clean:
	rm -rf $(BUILD_DIR) $(FUZZ_DIR) $(BENCH_DIR) $(PACKAGE_DIR)

# format: apply .clang-format to our C++ sources.
format:
	find server protocol clients tests \( -name '*.cpp' -o -name '*.hpp' \) -print0 \
	    | xargs -0 -r clang-format -i
