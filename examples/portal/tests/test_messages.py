"""Every code the contract can send has Chinese text in the portal: a code
added to api/openapi.yaml without a translation fails here."""

from pathlib import Path

import yaml
from portal import messages

SCHEMAS = yaml.safe_load((Path(__file__).resolve().parents[3] / "api" / "openapi.yaml").read_text())["components"]["schemas"]


def test_every_field_code_has_chinese_text():
    assert set(SCHEMAS["FieldCode"]["enum"]) - set(messages.FIELD_ZH) == set()


def test_every_error_code_has_chinese_text():
    assert set(SCHEMAS["ErrorCode"]["x-codes"]) - set(messages.ERROR_ZH) == set()


def test_every_warning_code_has_chinese_text():
    assert set(SCHEMAS["Warning"]["properties"]["code"]["enum"]) - set(messages.WARNING_ZH) == set()


def test_an_unknown_code_falls_back_to_the_sdk_message():
    assert messages.field_message("NEW_CODE", "Some new rule.", "zh") == "Some new rule."
    assert messages.field_message("REQUIRED", "This field is required.", "en") == "This field is required."
