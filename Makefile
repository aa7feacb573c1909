# nnscope: `make run` opens the TUI on a built-in dataset; `make test` runs every test.
# Both first install the Debian packages nnscope needs (as root via apt-get; otherwise they print
# the exact command to run).

DEB_PACKAGES := libncurses-dev libopenblas-dev tmux zlib1g-dev time man-db python3-numpy
SWIFT ?= swift

# make install / make uninstall: PREFIX defaults to /usr/local as root, else ~/.local; DESTDIR
# stages the whole tree under another folder. CONFIGURATION=debug installs the debug build.
# PREBUILT=1 installs what is already built and generated, without running swift (the install
# test runs under `swift test`, which holds the build folder's lock).
PREFIX ?= $(if $(filter 0,$(shell id -u)),/usr/local,$(HOME)/.local)
DESTDIR ?=
CONFIGURATION ?= release
# Where swift-argument-parser's GenerateManual plugin writes the man page.
MANPAGE := .build/plugins/GenerateManual/outputs/nnscope/nnscope.1

.PHONY: run test build release deps sessions bench faults fuzz fuzz-short clean docs manual install uninstall bless

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "nnscope needs these Debian packages:$$missing"; \
	    echo "run: sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: release
	.build/release/nnscope

test: deps
	$(SWIFT) build
	$(SWIFT) package generate-manual --configuration debug
	$(SWIFT) test

# Re-blesses the golden screens (Tests/AppTests/Golden, Tests/LessonsTests/Golden) after an intended
# change to what is drawn: the whole composed screen at 80x24, 120x40 and 200x60, the inside views,
# the lesson drawings; and the README's key tables in docs/readme (generated from the key rows; run
# `make docs` after). Review `git diff`.
bless:
	NNSCOPE_UPDATE_GOLDEN=1 $(SWIFT) test --filter "ScreenGoldenTests|InsideViewTests|LessonDrawingTests|ReadmeKeyTablesTests"

# The man page, generated from the argument-parser definitions by the package's GenerateManual
# plugin, which first builds the package in CONFIGURATION (so `make manual` is also the build).
manual: deps
	$(SWIFT) package generate-manual --configuration $(CONFIGURATION)

# The binary, the man page and bash, zsh and fish completions (written by the binary itself).
install: $(if $(PREBUILT),,manual)
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" bash scripts/install.sh install .build/$(CONFIGURATION)/nnscope $(MANPAGE)

# Removes exactly the files and folders the install recorded in PREFIX/share/nnscope/installed-files.
uninstall:
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" bash scripts/install.sh uninstall

sessions: release
	bash scripts/make-sessions.sh

# README.md and docs/DECISIONS.md are assembled from docs/readme/*.md and docs/decisions/*.md.
docs:
	python3 scripts/assemble-docs.py

bench: release
	.build/release/nnscope bench

# The fault suite's long variants (100 kills of train, 50 of save, 100,000 REPL lines and epochs, a 1 GiB line).
faults: deps
	bash scripts/faults/faults.sh

# libFuzzer targets (Fuzz/, built with -sanitize=fuzzer,address into .build-fuzz): 20 s or 5 min each.
fuzz-short: deps
	bash scripts/faults/fuzz.sh 20

fuzz: deps
	bash scripts/faults/fuzz.sh 300

clean:
	rm -rf .build .build-fuzz
