/*
 * apply_invoice: signs in, lists the uninvoiced bills and applies for an
 * invoice for the oldest one, through the C ABI.
 *   FAPIAO_PASSWORD=... apply_invoice ENDPOINT CA_FILE EMAIL
 * The password comes from the environment, never from argv (ps and the
 * shell history would show it).
 */
#include <fapiao/fapiao.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what) {
  const fapiao_error *e = fapiao_error_last();
  fprintf(stderr, "%s failed: %s (%s, request %s)\n", what, e->message, e->service_code, e->request_id);
  for (size_t i = 0; i < e->field_error_count; i++)
    fprintf(stderr, "  %s: %s\n", e->field_errors[i].field, e->field_errors[i].code);
  return 1;
}

int main(int argc, char **argv) {
  const char *password = getenv("FAPIAO_PASSWORD");
  if (argc != 4 || password == NULL || *password == '\0') {
    fprintf(stderr, "usage: FAPIAO_PASSWORD=... apply_invoice ENDPOINT CA_FILE EMAIL\n");
    return 2;
  }
  fapiao_client_options options = FAPIAO_CLIENT_OPTIONS_INIT;
  options.endpoint = argv[1];
  options.ca_file = argv[2];
  options.application_id = "apply-invoice-example/1.0";

  fapiao_client *client = NULL;
  fapiao_session *session = NULL;
  fapiao_pager *bills = NULL;
  fapiao_value *bill = NULL, *request = NULL;
  int status = 1;
  char oldest[128] = "";

  if (fapiao_client_new(&client, &options) != FAPIAO_OK) return fail("fapiao_client_new");
  if (fapiao_sign_in(&session, client, argv[3], password, NULL) != FAPIAO_OK) {
    status = fail("Signing in");
    goto done;
  }
  if (fapiao_bills_list(&bills, client, session, "UNINVOICED", 50, NULL) != FAPIAO_OK) {
    status = fail("Listing bills");
    goto done;
  }
  printf("Uninvoiced bills:\n");
  int rc;
  while ((rc = fapiao_pager_next(&bill, bills)) == FAPIAO_OK) {
    const char *id = NULL, *subscription = NULL;
    int64_t fen = 0;
    fapiao_value_get_string(&id, bill, "id");
    fapiao_value_get_string(&subscription, bill, "subscription_name");
    fapiao_value_get_int(&fen, bill, "amount_fen");
    printf("  %s  %-24s %lld.%02lld yuan\n", id, subscription ? subscription : "", (long long)(fen / 100),
           (long long)(fen % 100));
    snprintf(oldest, sizeof oldest, "%s", id); /* newest first: the last one is the oldest */
    fapiao_value_free(bill);
  }
  if (rc != FAPIAO_ITER_OVER) {
    status = fail("Reading the bills");
    goto done;
  }
  if (oldest[0] == '\0') {
    printf("Nothing to invoice.\n");
    status = 0;
    goto done;
  }

  char application[1024];
  snprintf(application, sizeof application,
           "{\"kind\":\"VAT_ORDINARY\",\"bill_ids\":[\"%s\"],"
           "\"buyer\":{\"type\":\"ORGANIZATION\",\"organization_kind\":\"ENTERPRISE\","
           "\"name\":\"上海示例科技有限公司\",\"taxpayer_id\":\"91330106673959654P\"},"
           "\"delivery\":{\"method\":\"SELF_PICKUP\",\"recipient\":\"王小明\",\"mobile\":\"13800138000\"}}",
           oldest);
  fapiao_call_options call = FAPIAO_CALL_OPTIONS_INIT;
  call.idempotency_key = oldest; /* one application per bill, even if this program runs twice */
  if (fapiao_invoice_request_create(&request, client, session, application, &call) != FAPIAO_OK) {
    status = fail("Applying");
    goto done;
  }
  const char *id = NULL, *label = NULL, *due = NULL;
  int64_t total = 0, tax = 0;
  fapiao_value_get_string(&id, request, "id");
  fapiao_value_get_string(&label, request, "status_label");
  fapiao_value_get_string(&due, request, "due_at");
  fapiao_value_get_int(&total, request, "total_fen");
  fapiao_value_get_int(&tax, request, "tax_fen");
  printf("Applied: %s (%s), total %lld fen of which tax %lld fen, due %s\n", id, label, (long long)total,
         (long long)tax, due);
  status = strcmp(label, "已提交") == 0 ? 0 : 1;

done:
  fapiao_value_free(request);
  fapiao_pager_free(bills);
  fapiao_session_free(session);
  fapiao_client_free(client);
  return status;
}
