"""Models, enums, money, validation helpers and the type stubs: no network."""

import ast
import datetime as dt
from pathlib import Path

import pytest

import fapiao
from fapiao import _fapiao


def test_models_from_kwargs_repr_equality_and_dicts():
    buyer = fapiao.Buyer(type=fapiao.BuyerType.INDIVIDUAL, name="张三")
    assert buyer == fapiao.Buyer(type="INDIVIDUAL", name="张三")
    assert "张三" in repr(buyer) and "Buyer(" in repr(buyer)
    assert buyer.to_dict() == {"type": "INDIVIDUAL", "name": "张三"}
    request = fapiao.InvoiceRequest.from_dict({
        "id": "ir_1", "kind": "VAT_ORDINARY", "status": "SHIPPED", "status_label": "已寄出", "total_fen": 100000,
        "submitted_at": "2026-11-13T10:00:00+08:00", "history": [{"status": "PRINTED", "at": "2026-11-16T15:00:00+08:00"}],
        "buyer": {"type": "ORGANIZATION", "name": "上海示例科技有限公司"}, "tracking_number": None, "future": 1})
    assert request.status is fapiao.RequestStatus.SHIPPED
    assert request.submitted_at == dt.datetime(2026, 11, 13, 2, 0, tzinfo=dt.timezone.utc)
    assert request.history[0].status is fapiao.RequestStatus.PRINTED
    assert request.buyer.name == "上海示例科技有限公司" and request.tracking_number is None
    again = fapiao.InvoiceRequest.from_dict(request.to_dict())
    assert again == request


def test_unknown_enum_values_are_kept():
    status = fapiao.RequestStatus("RETURNED_TO_SENDER")
    assert status == "RETURNED_TO_SENDER" and not status.is_known and fapiao.RequestStatus.SHIPPED.is_known
    bill = fapiao.Bill.from_dict({"id": "b", "amount_fen": 1, "state": "FROZEN", "payment_method": "WECHAT_PAY"})
    assert bill.state.value == "FROZEN" and bill.to_dict()["payment_method"] == "WECHAT_PAY"
    with pytest.raises(ValueError):
        fapiao.BillState(42)


def test_money_tax_and_calendar():
    assert fapiao.format_yuan(123456) == "¥1,234.56"
    assert fapiao.split_gross(100000) == (94340, 5660)
    friday = dt.datetime(2026, 11, 13, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert fapiao.due_date(friday).isoformat() == "2026-11-17T23:59:59+08:00"
    with pytest.raises(ValueError):
        fapiao.due_date(dt.datetime(2026, 11, 13))


def test_validation_helpers_without_a_client():
    app = fapiao.InvoiceApplication(kind=fapiao.InvoiceKind.VAT_SPECIAL, bill_ids=["b1"],
                                    buyer=fapiao.Buyer(type="ORGANIZATION", organization_kind="ENTERPRISE", name="某公司"),
                                    delivery=fapiao.Delivery(method="EMAIL"))
    report = fapiao.validate_application(app)
    assert not report.ok
    assert ("buyer.taxpayer_id", "SPECIAL_FIELDS_REQUIRED") in [(e.field, e.code) for e in report.errors]
    assert ("delivery.method", "DELIVERY_NOT_ALLOWED") in [(e.field, e.code) for e in report.errors]
    lenient = fapiao.validate_taxpayer_id("91330106673959654Q")
    assert lenient.ok and [w.code for w in lenient.warnings] == ["USCC_CHECKSUM"]
    assert not fapiao.validate_taxpayer_id("91330106673959654Q", strict_uscc=True).ok
    assert not fapiao.validate_taxpayer_id("110105194912310021", individual=True).ok


def test_the_parts_of_an_application_validate_on_their_own():
    # A title change sends only a Buyer: the same rules, the same buyer.* paths.
    special = fapiao.validate_buyer(fapiao.InvoiceKind.VAT_SPECIAL,
                                    fapiao.Buyer(type="ORGANIZATION", organization_kind="ENTERPRISE", name="某公司"))
    assert ("buyer.taxpayer_id", "SPECIAL_FIELDS_REQUIRED") in [(e.field, e.code) for e in special.errors]
    bad_id = fapiao.validate_buyer("VAT_ORDINARY", fapiao.Buyer(type="ORGANIZATION", organization_kind="ENTERPRISE",
                                                                name="某公司", taxpayer_id="12345"))
    assert [(e.field, e.code) for e in bad_id.errors] == [("buyer.taxpayer_id", "TAXPAYER_ID_FORMAT")]
    assert fapiao.validate_buyer("VAT_ORDINARY", fapiao.Buyer(type="INDIVIDUAL", name="张伟")).ok
    one_part = fapiao.validate_support_ticket(fapiao.NewSupportTicket(type="SPLIT_BILL", bill_ids=["b1"],
                                                                      split_amounts_fen=[100]))
    assert not one_part.ok and one_part.errors[0].field.startswith("split_amounts_fen")
    assert fapiao.validate_support_ticket(fapiao.NewSupportTicket(type="SPLIT_BILL", bill_ids=["b1"],
                                                                  split_amounts_fen=[60000, 40000])).ok
    weak = fapiao.validate_password("short", field="new_password")
    assert [(e.field, e.code) for e in weak.errors] == [("new_password", "WEAK_PASSWORD")]
    assert fapiao.validate_password("passw0rd-1").ok



def test_a_bad_field_is_one_class_wherever_it_comes_from():
    # A refused call's field_errors, local validation and a preview's field_errors:
    # the contract's one FieldError, so a form maps them to inputs the same way.
    preview = fapiao.InvoicePreview.from_dict({"field_errors": [{"field": "bill_ids[0]", "code": "BILL_ALREADY_INVOICED",
                                                                 "message": "Invoiced."}]})
    assert preview.field_errors == [fapiao.FieldError("bill_ids[0]", "BILL_ALREADY_INVOICED", "Invoiced.")]
    local = fapiao.validate_password("short").errors[0]
    assert type(local) is type(preview.field_errors[0]) is fapiao.errors.FieldError
    assert fapiao.models.FieldProblem is fapiao.FieldError  # the old name still answers


def test_error_classes_subclass_builtins():
    E = fapiao.errors
    assert issubclass(E.InvalidRequestError, ValueError)
    assert issubclass(E.DeadlineExceededError, TimeoutError)
    assert issubclass(E.APIConnectionError, ConnectionError)
    assert issubclass(E.TLSError, E.APIConnectionError)
    assert issubclass(E.NotFoundError, LookupError)
    assert issubclass(E.IdempotencyError, E.ConflictError)
    assert set(E.CLASSES) == {"internal", "invalid_argument", "unauthenticated", "permission_denied", "not_found",
                              "conflict", "idempotency", "rate_limited", "unavailable", "transport", "tls",
                              "timeout", "cancelled", "protocol", "rejected"}  # the shared error table


def test_stubs_match_the_native_module():
    stub = Path(fapiao.__file__).with_name("_fapiao.pyi")
    assert stub.exists() and Path(fapiao.__file__).with_name("py.typed").exists()
    tree = ast.parse(stub.read_text())
    declared = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    declared |= {n.target.id for n in tree.body if isinstance(n, ast.AnnAssign)}
    public = {n for n in dir(_fapiao) if not n.startswith("_")} | {"__version__"}
    assert declared == public
    for cls in (c for c in tree.body if isinstance(c, ast.ClassDef) and c.name != "NativeError"):
        members = {n.name for n in cls.body if isinstance(n, ast.FunctionDef)} - {"__init__"}
        native = {n for n in dir(getattr(_fapiao, cls.name)) if not n.startswith("_")}
        assert members == native, cls.name
        # pybind11 functions have no inspectable signature (stubtest checks names only), but
        # their docstrings name every parameter and the keyword-only marker: compare those.
        for fn in (n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name != "__init__"):
            member = getattr(getattr(_fapiao, cls.name), fn.name)
            if isinstance(member, property):
                continue
            assert native_parameters(member) == stub_parameters(fn), f"{cls.name}.{fn.name}"
    for fn in (n for n in tree.body if isinstance(n, ast.FunctionDef)):
        assert native_parameters(getattr(_fapiao, fn.name)) == stub_parameters(fn), fn.name


def native_parameters(function):
    """(names before *, names after *) from a pybind11 docstring's first line."""
    import re
    inner = re.match(r"\w+\((.*)\) ->", function.__doc__.splitlines()[0]).group(1)
    names = [p.split(":")[0].strip() for p in re.split(r",\s*(?![^\[]*\])", inner) if p.strip()]
    names = [n for n in names if n != "self"]
    if "*" in names:
        i = names.index("*")
        return names[:i], names[i + 1:]
    return names, []


def stub_parameters(fn):
    return [a.arg for a in fn.args.args if a.arg != "self"], [a.arg for a in fn.args.kwonlyargs]


def test_native_functions_take_typed_keywords_only():
    import inspect
    client = fapiao.Client("https://localhost:1", use_environment_proxy=False)
    native = client._nc()
    with pytest.raises(TypeError):
        native.get_bill("session", "bill", {})  # positional: refused
    with pytest.raises(TypeError, match="bill_idd"):
        native.get_bill(session=None, bill_idd="b", options={})
    doc = _fapiao.NativeClient.get_bill.__doc__
    assert "bill_id: str" in doc and "*" in doc  # pybind11 renders the keyword-only marker
    assert inspect.signature(fapiao.Client.get_bill).parameters["options"].kind is inspect.Parameter.VAR_KEYWORD


def test_request_options_are_declared_once_and_checked_natively():
    assert set(_fapiao.REQUEST_OPTIONS) == set(fapiao.RequestOptions.__annotations__)
    client = fapiao.Client("https://localhost:1", use_environment_proxy=False)
    session_text = ("fapiao-session-v1:" + '{"token":"t","expires_at":"2030-01-01T00:00:00+08:00",'
                    '"must_change_password":false,"account":{"id":"a","status":"ACTIVE"}}')
    session = fapiao.Session(session_text)
    with pytest.raises(TypeError, match="idempotancy_key"):
        client.get_account(session, idempotancy_key="k")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="timeout"):
        client.get_account(session, timeout=-1)


def test_lifecycle_comes_from_the_core():
    from fapiao import lifecycle
    S = fapiao.RequestStatus
    assert lifecycle.FINAL_STATUSES == {S.DELIVERED, S.PICKED_UP, S.REJECTED, S.CANCELLED, S.REVERSED}
    assert fapiao.enums.FINAL_STATUSES == lifecycle.FINAL_STATUSES  # the old name still answers
    assert lifecycle.is_final("CANCELLED") and not lifecycle.is_final(S.ISSUED) and not lifecycle.is_final(None)
    assert lifecycle.can_advance(S.PRINTED, S.READY_FOR_PICKUP, "VAT_ORDINARY", fapiao.DeliveryMethod.SELF_PICKUP)
    assert not lifecycle.can_advance(S.PRINTED, S.SHIPPED, "VAT_ORDINARY", "SELF_PICKUP")
    assert lifecycle.can_cancel(S.SUBMITTED) and not lifecycle.can_cancel(S.PROCESSING)
    assert lifecycle.can_change_title(S.ISSUED, fapiao.InvoiceKind.DIGITAL_ORDINARY)
    assert not lifecycle.can_change_title(S.ISSUED, fapiao.InvoiceKind.VAT_ORDINARY)
    assert lifecycle.has_document("DELIVERED", "DIGITAL_SPECIAL") and not lifecycle.has_document("DELIVERED", "VAT_SPECIAL")
    assert lifecycle.status_path("DIGITAL_ORDINARY", "EMAIL") == [S.SUBMITTED, S.PROCESSING, S.ISSUED, S.DELIVERED]
    assert lifecycle.DUE_WORKING_DAYS == 2 and lifecycle.BILL_SYNC_DAYS == 3
    assert lifecycle.PICKUP_ADDRESS == "上海市浦东新区科苑路88号德国中心 3 号楼 657"  # R13
    assert lifecycle.PICKUP_CONTACT == "朱琴琴" and lifecycle.PICKUP_PHONE == "021-28986102"
    assert fapiao.webhooks.SIGNATURE_HEADER == "Fapiao-Signature"
