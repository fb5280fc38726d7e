"""Validates OSCAL JSON files against the official OSCAL 1.1.3 complete schema with
jsonschema-rs, whose regular expressions handle the schema's Unicode classes (\\p{L}
and the like, which Python's `re` module rejects). Prints one line per file,
"valid PATH" or "invalid PATH: first error", and exits 1 if any is invalid.

    target/venv/bin/python tests/office/validate_oscal.py SCHEMA FILE...
"""

import json
import sys

import jsonschema_rs

schema_path, *files = sys.argv[1:]
with open(schema_path, encoding="utf-8") as f:
    validator = jsonschema_rs.validator_for(json.load(f))
failed = False
for path in files:
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    errors = list(validator.iter_errors(document))
    if errors:
        failed = True
        print(f"invalid {path}: {errors[0].message[:300]}")
    else:
        print(f"valid {path}")
sys.exit(1 if failed else 0)
