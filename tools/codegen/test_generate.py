"""The generator's rules: a stale file is caught, and a contract that breaks
one of its rules is refused with a message naming the schema and property."""

import copy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

SPEC = yaml.safe_load(generate.SPEC_PATH.read_text(encoding="utf-8"))


def run_check(spec, tmp_path):
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return subprocess.run([sys.executable, str(HERE / "generate.py"), "--check", "--spec", str(path)],
                          capture_output=True, text=True)


def test_the_committed_files_match_the_contract(tmp_path):
    result = run_check(SPEC, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_new_field_shows_as_a_diff_in_every_layer(tmp_path):
    spec = copy.deepcopy(SPEC)
    spec["components"]["schemas"]["Bill"]["properties"]["note"] = {"type": "string"}
    spec["components"]["schemas"]["Bill"]["required"].append("note")
    result = run_check(spec, tmp_path)
    assert result.returncode == 1
    for path in ("include/fapiao/generated/models.hpp", "src/generated/json_fields.hpp",
                 "bindings/python/fapiao/_generated_models.py"):
        assert f"b/{path}" in result.stdout
    assert "+  std::string note;" in result.stdout and '+  v("note", x.note);' in result.stdout


def test_a_new_error_code_needs_its_row(tmp_path):
    spec = copy.deepcopy(SPEC)
    spec["components"]["schemas"]["ErrorCode"]["enum"].append("PAYMENT_FROZEN")
    result = run_check(spec, tmp_path)
    assert result.returncode == 2 and "PAYMENT_FROZEN" in result.stderr
    spec["components"]["schemas"]["ErrorCode"]["x-codes"]["PAYMENT_FROZEN"] = {"status": 409, "category": "conflict"}
    result = run_check(spec, tmp_path)
    assert result.returncode == 1 and '+    {"PAYMENT_FROZEN", 409, ErrorCode::conflict' in result.stdout
    assert "+| `PAYMENT_FROZEN` | 409 | `conflict`" in result.stdout  # docs/errors.md follows


def refused(mutate):
    spec = copy.deepcopy(SPEC)
    mutate(spec["components"]["schemas"])
    with pytest.raises(generate.ContractError) as caught:
        generate.read_contract(spec)
    return str(caught.value)


def test_a_response_object_must_require_every_field():
    def drop(s):
        s["Delivery"]["required"].remove("mobile")
    assert "Delivery" in refused(drop) and "mobile" in refused(drop)


def test_log_safety_is_decided_per_name():
    def leak(s):
        s["Mail"]["properties"]["subject"]["x-log-safe"] = True
        s["Mail"]["properties"]["body"]["x-log-safe"] = True  # `body` is not safe in Announcement
    assert "body" in refused(leak)


def test_an_input_variant_repeats_its_model_exactly():
    def drift(s):
        s["BuyerInput"]["properties"]["name"] = {"type": "integer"}
    assert "BuyerInput.name" in refused(drift)


def test_client_required_names_a_property():
    def typo(s):
        s["Bill"]["x-client-required"] = ["id", "ammount_fen"]
    assert "ammount_fen" in refused(typo)


def test_an_unknown_category_is_refused():
    def bad(s):
        s["ErrorCode"]["x-codes"]["RATE_LIMITED"]["category"] = "slow_down"
    assert "slow_down" in refused(bad)
