# nnscope: `make run` opens the TUI on a built-in dataset; `make test` runs every test.
# Both first install the Debian packages nnscope needs (as root via apt-get; otherwise they print
# the exact command to run).

DEB_PACKAGES := libncurses-dev libopenblas-dev tmux zlib1g-dev
SWIFT ?= swift

.PHONY: run test build release deps sessions bench fuzz clean

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

bench: release
	.build/release/nnscope bench

clean:
	rm -rf .build
