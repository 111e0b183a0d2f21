# `sam build` (BuildMethod: makefile) runs `make build-<LogicalId>` in each function's CodeUri, with ARTIFACTS_DIR
# set. One `cargo lambda build` makes every function binary for Lambda (arm64) in the workspace's target dir; the
# first target does the work, the others find it done. Each target then copies its own binary, named as the
# template names it: `GetCatalogueFunction` → `get-catalogue` (the template test checks the rule holds).

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)
binary = $(shell echo '$(1)' | sed -E 's/Function$$//; s/([a-z0-9])([A-Z])/\1-\2/g' | tr 'A-Z' 'a-z')

.PHONY: lambdas
lambdas:
	cd $(ROOT) && cargo lambda build --release --arm64 -p sofia-api -p sofia-notify

build-%: lambdas
	cp $(ROOT)/target/lambda/$(call binary,$*)/bootstrap $(ARTIFACTS_DIR)/bootstrap
