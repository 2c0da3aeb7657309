# Every target that needs Python first makes the virtual environment (once per pyproject change).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PIP_FLAGS := --quiet --disable-pip-version-check

.PHONY: run test lint bench token deploy clean fuzz

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install $(PIP_FLAGS) --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
	$(PY) -m pip install $(PIP_FLAGS) -e ".[dev]" 2>&1 | grep -v '^WARNING: Location' || true
	$(PY) -c "import parlour, moto, aws_lambda_powertools"
	touch $(STAMP)

## make run: the whole platform on 127.0.0.1 (moto's server, no AWS account, no Docker)
run: $(STAMP)
	$(PY) -m infra.local $(ARGS)

## make test: unit, integration, template checks, end-to-end and browser tests (installs chromium if it can)
test: $(STAMP)
	@.ci/ensure-chromium
	$(PY) -m pytest -n 2

## make lint: ruff and the template checks (SAM transform, then cfn-lint)
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m infra.checks

## make bench: performance tables (availability, bookings, races, price lists, lifecycle, memory)
bench: $(STAMP)
	$(PY) -m tests.bench

## make fuzz: schemathesis over both APIs with its coverage phase and FUZZ_EXAMPLES (200) per operation, writes
## aimed at the demo salon of its own stack (make test runs the same test bounded, on the shared stack)
fuzz: $(STAMP)
	FUZZ_DEEP=1 FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} $(PY) -m pytest tests/e2e/test_openapi_conformance.py -n 2 -q

## make token ROLE=owner SALON=demo [ARGS="--data-dir X"]: a signed admin token for the local stack
token: $(STAMP)
	$(PY) -m infra.local.token --salon $${SALON:-demo} --role $${ROLE:-owner} $(ARGS)

## make deploy: build and deploy to AWS with the SAM CLI (needs credentials; not runnable here)
deploy: $(STAMP)
	$(PY) -m infra.requirements > layers/parlour/requirements.txt
	sam build --template-file template.yaml
	sam deploy --guided

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
