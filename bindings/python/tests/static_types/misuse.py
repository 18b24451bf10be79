"""Mistakes the stubs must catch (tests/typing/check_types.py expects exactly these errors)."""
import fapiao

client = fapiao.Client("https://localhost:8443")
session = client.sign_in("finance@example.cn", "passw0rd-1")
client.get_bill(session, "bill_1", idempotancy_key="k")  # expect: idempotancy_key
client.get_bill(session, "bill_1", timeout="soon")  # expect: timeout
client.bills(session, state=3)  # expect: state
bill: fapiao.Bill = client.get_invoice_request(session, "ir_1")  # expect: InvoiceRequest
document: str = client.download_invoice_document(session, "ir_1")  # expect: Document
fapiao.webhooks.construct_event("{}", "t=1,v1=00", ["whsec_x"])  # expect: bytes
endpoint: fapiao.Event = client.create_webhook_endpoint(session, "https://x/", ["*"])  # expect: WebhookEndpoint
