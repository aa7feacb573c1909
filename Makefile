# nnscope: `make run` opens the TUI on a built-in dataset; `make test` runs every test.
# Both first install the Debian packages nnscope needs (as root via apt-get; otherwise they print
# the exact command to run).

DEB_PACKAGES := libncurses-dev libopenblas-dev tmux zlib1g-dev time python3-numpy
SWIFT ?= swift

.PHONY: run test build release deps sessions bench faults fuzz fuzz-short clean docs

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
	$(SWIFT) test

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
