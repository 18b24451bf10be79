/*
 * The C ABI tested from C (C11): every operation against the sandbox, and
 * every error path a C caller can reach. Ends with "N passed, M failed".
 *   test_capi FIXTURE_FILE   (written by capi_fixture)
 */
#include <fapiao/fapiao.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;

#define CHECK(cond)                                                                                    \
  do {                                                                                                 \
    if (cond) {                                                                                        \
      passed++;                                                                                        \
    } else {                                                                                           \
      failed++;                                                                                        \
      const fapiao_error *e_ = fapiao_error_last();                                                    \
      fprintf(stderr, "%s:%d: CHECK(%s) failed; last error %d %s: %s\n", __FILE__, __LINE__, #cond, e_->code, \
              e_->service_code, e_->message);                                                          \
    }                                                                                                  \
  } while (0)

/* ---- the fixture's KEY=VALUE file ---- */
static char fixture[32][2][1200];
static int fixture_count;

static const char *get(const char *key) {
  for (int i = 0; i < fixture_count; i++)
    if (strcmp(fixture[i][0], key) == 0) return fixture[i][1];
  fprintf(stderr, "fixture has no %s\n", key);
  exit(2);
}

static void load_fixture(const char *path) {
  FILE *f = fopen(path, "r");
  char line[1100];
  if (!f) {
    perror(path);
    exit(2);
  }
  while (fixture_count < 32 && fgets(line, sizeof line, f)) {
    char *eq = strchr(line, '=');
    if (!eq) continue;
    *eq = '\0';
    line[strcspn(eq + 1, "\n") + (size_t)(eq + 1 - line)] = '\0';
    snprintf(fixture[fixture_count][0], sizeof fixture[0][0], "%s", line);
    snprintf(fixture[fixture_count][1], sizeof fixture[0][1], "%s", eq + 1);
    fixture_count++;
  }
  fclose(f);
}

static int has_field_error(const char *field, const char *code) {
  const fapiao_error *e = fapiao_error_last();
  for (size_t i = 0; i < e->field_error_count; i++)
    if (strcmp(e->field_errors[i].field, field) == 0 && strcmp(e->field_errors[i].code, code) == 0) return 1;
  return 0;
}

static int log_lines;
static int log_leaked;
static void on_log(int level, const char *message, void *payload) {
  (void)level;
  log_lines++;
  if (strstr(message, (const char *)payload)) log_leaked++;
}

static fapiao_client *new_client(int retries) {
  fapiao_client_options options = FAPIAO_CLIENT_OPTIONS_INIT;
  fapiao_client *client = NULL;
  options.endpoint = get("endpoint");
  options.ca_file = get("ca_file");
  options.use_environment_proxy = 0;
  options.max_attempts = retries;
  options.backoff_base_ms = 20;
  CHECK(fapiao_client_new(&client, &options) == FAPIAO_OK);
  return client;
}

static void test_version_and_errors(void) {
  CHECK(strcmp(fapiao_version(), FAPIAO_VERSION_STRING) == 0);
  fapiao_error_clear();
  CHECK(fapiao_error_last() != NULL);
  CHECK(fapiao_error_last()->code == FAPIAO_OK);
  CHECK(strcmp(fapiao_error_last()->message, "") == 0);
  CHECK(fapiao_error_last()->retry_after_seconds == -1);
}

static void test_null_arguments_and_versions(void) {
  fapiao_client_options options = FAPIAO_CLIENT_OPTIONS_INIT;
  fapiao_client *client = (fapiao_client *)1;
  CHECK(fapiao_client_new(NULL, &options) == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(strstr(fapiao_error_last()->message, "out") != NULL);
  CHECK(fapiao_client_new(&client, NULL) == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(client == NULL);
  CHECK(fapiao_client_new(&client, &options) == FAPIAO_E_INVALID_ARGUMENT); /* endpoint NULL */
  options.endpoint = "https://localhost:1";
  options.version = 99;
  CHECK(fapiao_client_new(&client, &options) == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(strstr(fapiao_error_last()->message, "version") != NULL);
  options.version = FAPIAO_CLIENT_OPTIONS_VERSION;
  options.endpoint = "http://plain.example";
  CHECK(fapiao_client_new(&client, &options) == FAPIAO_E_INVALID_ARGUMENT);
  options.endpoint = "https://localhost:1";
  options.log_level = 42;
  CHECK(fapiao_client_new(&client, &options) == FAPIAO_E_INVALID_ARGUMENT);

  fapiao_value *value = (fapiao_value *)1;
  CHECK(fapiao_account_get(&value, NULL, NULL, NULL) == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(value == NULL);
  CHECK(fapiao_pager_next(NULL, NULL) == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(fapiao_session_parse(NULL, "x") == FAPIAO_E_INVALID_ARGUMENT);
  fapiao_session *session = NULL;
  CHECK(fapiao_session_parse(&session, "not a session") == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(session == NULL);

  /* Every _free accepts NULL. */
  fapiao_client_free(NULL);
  fapiao_session_free(NULL);
  fapiao_value_free(NULL);
  fapiao_pager_free(NULL);
  fapiao_operation_free(NULL);
  fapiao_cancel_free(NULL);
  fapiao_string_free(NULL);
  fapiao_error_clear();
  CHECK(fapiao_error_last()->code == FAPIAO_OK);
}

static void test_validation(void) {
  char *warnings = NULL;
  CHECK(fapiao_validate_application(&warnings, "{not json", 0) == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(warnings == NULL);
  CHECK(fapiao_validate_application(&warnings, "{\"kind\":\"VAT_SPECIAL\",\"bill_ids\":[],\"buyer\":{\"type\":\"ORGANIZATION\","
                                               "\"organization_kind\":\"ENTERPRISE\",\"name\":\"上海示例科技有限公司\"},"
                                               "\"delivery\":{\"method\":\"EMAIL\"}}", 0) == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(has_field_error("bill_ids", "EMPTY_SELECTION"));
  CHECK(has_field_error("buyer.taxpayer_id", "SPECIAL_FIELDS_REQUIRED"));
  CHECK(has_field_error("delivery.method", "DELIVERY_NOT_ALLOWED"));
  CHECK(fapiao_error_last()->field_error_count >= 6);
  CHECK(fapiao_validate_application(&warnings, "{\"kind\":\"DIGITAL_ORDINARY\",\"bill_ids\":[\"b1\"],\"buyer\":{\"type\":"
                                               "\"ORGANIZATION\",\"organization_kind\":\"ENTERPRISE\",\"name\":\"某公司\","
                                               "\"taxpayer_id\":\"91330106673959654Q\"},\"delivery\":{\"method\":\"EMAIL\","
                                               "\"email\":\"a@example.cn\"}}", 0) == FAPIAO_OK);
  CHECK(warnings != NULL && strstr(warnings, "USCC_CHECKSUM") != NULL);
  fapiao_string_free(warnings);
  CHECK(fapiao_validate_application(&warnings, "{\"kind\":\"FANCY\"}", 0) == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(has_field_error("kind", "INVALID_VALUE"));
  CHECK(fapiao_validate_taxpayer_id("91330106673959654P", 0, 1) == FAPIAO_OK);
  CHECK(fapiao_validate_taxpayer_id("91330106673959654Q", 0, 1) == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(has_field_error("taxpayer_id", "USCC_CHECKSUM"));
  CHECK(fapiao_validate_taxpayer_id("110105194912310021", 1, 0) == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(has_field_error("taxpayer_id", "RESIDENT_ID_INVALID"));
}

static void test_lifecycle(void) {
  CHECK(fapiao_status_is_final("DELIVERED") == 1);
  CHECK(fapiao_status_is_final("ISSUED") == 0);
  CHECK(fapiao_status_is_final("LOST_IN_THE_MAIL") == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(has_field_error("status", "INVALID_VALUE"));
  CHECK(fapiao_status_is_final(NULL) == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(fapiao_status_can_advance("PRINTED", "SHIPPED", "VAT_ORDINARY", "YUNDA") == 1);
  CHECK(fapiao_status_can_advance("PRINTED", "SHIPPED", "VAT_ORDINARY", "SELF_PICKUP") == 0);
  CHECK(fapiao_status_can_advance("PRINTED", "SHIPPED", "VAT_ORDINARY", "DRONE") == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(has_field_error("delivery_method", "INVALID_VALUE"));
  CHECK(fapiao_status_can_change_title("SUBMITTED", "VAT_ORDINARY") == 0);
  CHECK(fapiao_status_can_change_title("PICKED_UP", "VAT_ORDINARY") == 1);
  CHECK(fapiao_status_has_document("ISSUED", "DIGITAL_ORDINARY") == 1);
  CHECK(fapiao_status_has_document("DELIVERED", "VAT_SPECIAL") == 0);
  CHECK(fapiao_due_working_days() == 2);
}

static fapiao_session *sign_in(fapiao_client *client) {
  fapiao_session *session = NULL;
  CHECK(fapiao_sign_in(&session, client, get("email"), get("password"), NULL) == FAPIAO_OK);
  return session;
}

static void test_accounts_and_values(fapiao_client *client) {
  fapiao_session *bad = NULL;
  CHECK(fapiao_sign_in(&bad, client, get("email"), "wrong-password-1", NULL) == FAPIAO_E_UNAUTHENTICATED);
  CHECK(strcmp(fapiao_error_last()->service_code, "INVALID_CREDENTIALS") == 0);
  CHECK(fapiao_error_last()->http_status == 401);
  CHECK(strlen(fapiao_error_last()->request_id) > 0);
  CHECK(bad == NULL);

  fapiao_session *session = sign_in(client);
  CHECK(fapiao_session_must_change_password(session) == 0);
  CHECK(fapiao_session_expires_at(session) > 1700000000);
  fapiao_value *account = NULL;
  const char *text = NULL;
  int64_t number = 0;
  CHECK(fapiao_account_get(&account, client, session, NULL) == FAPIAO_OK);
  CHECK(fapiao_value_get_string(&text, account, "email") == FAPIAO_OK && text && strcmp(text, get("email")) == 0);
  CHECK(fapiao_value_get_string(&text, account, "status") == FAPIAO_OK && strcmp(text, "ACTIVE") == 0);
  CHECK(fapiao_value_get_string(&text, account, "nothing") == FAPIAO_OK && text == NULL);
  CHECK(fapiao_value_get_int(&number, account, "email") == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(fapiao_value_get_int(&number, account, "nothing") == FAPIAO_E_NOT_FOUND);
  CHECK(fapiao_value_get_string(&text, account, "a..b") == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(strstr(fapiao_value_json(account), "\"status\":\"ACTIVE\"") != NULL);
  fapiao_value_free(account);

  fapiao_value *changed = NULL;
  CHECK(fapiao_account_change_email(&changed, client, session, "x@example.cn", "not-the-password-1", NULL) ==
        FAPIAO_E_INVALID_ARGUMENT);
  CHECK(has_field_error("current_password", "INCORRECT_PASSWORD"));
  CHECK(strcmp(fapiao_error_last()->service_code, "VALIDATION_FAILED") == 0);
  CHECK(fapiao_account_change_password(&changed, client, session, get("password"), "short", NULL) ==
        FAPIAO_E_INVALID_ARGUMENT);
  CHECK(has_field_error("new_password", "WEAK_PASSWORD"));
  CHECK(changed == NULL);

  /* Register, activate, resend, reset: the unauthenticated calls. */
  fapiao_value *registered = NULL;
  CHECK(fapiao_account_register(&registered, client, get("fresh_email"), "passw0rd-1", get("fresh_order"), NULL) ==
        FAPIAO_OK);
  CHECK(fapiao_value_get_string(&text, registered, "status") == FAPIAO_OK && strcmp(text, "PENDING_ACTIVATION") == 0);
  fapiao_value_free(registered);
  CHECK(fapiao_account_register(&registered, client, "y@example.cn", "passw0rd-1", "ORD-NOPE", NULL) ==
        FAPIAO_E_NOT_FOUND);
  CHECK(strcmp(fapiao_error_last()->service_code, "ORDER_NOT_FOUND") == 0);
  fapiao_value *activated = NULL;
  CHECK(fapiao_account_activate(&activated, client, get("activation_token"), NULL) == FAPIAO_OK);
  CHECK(fapiao_value_get_string(&text, activated, "status") == FAPIAO_OK && strcmp(text, "ACTIVE") == 0);
  fapiao_value_free(activated);
  CHECK(fapiao_account_activate(&activated, client, "garbage-token", NULL) == FAPIAO_E_NOT_FOUND);
  CHECK(strcmp(fapiao_error_last()->service_code, "ACTIVATION_TOKEN_INVALID") == 0);
  CHECK(fapiao_account_resend_activation(client, "nobody@example.cn", NULL) == FAPIAO_OK);
  CHECK(fapiao_error_last()->code == FAPIAO_OK);
  CHECK(fapiao_password_reset(client, "nobody@example.cn", NULL) == FAPIAO_OK);
  fapiao_session_free(session);
}

static void test_sessions_across_clients(fapiao_client *client) {
  fapiao_session *session = sign_in(client);
  char *stored = NULL;
  fapiao_session *restored = NULL;
  fapiao_client *other = new_client(4);
  fapiao_value *account = NULL;
  CHECK(fapiao_session_serialize(&stored, session) == FAPIAO_OK);
  CHECK(stored && strncmp(stored, "fapiao-session-v1:", 18) == 0);
  CHECK(fapiao_session_parse(&restored, stored) == FAPIAO_OK);
  CHECK(fapiao_account_get(&account, other, restored, NULL) == FAPIAO_OK);
  fapiao_value_free(account);
  fapiao_string_free(stored);
  fapiao_session_free(restored);
  fapiao_session_free(session);
  fapiao_client_free(other);
}

static int drain(fapiao_pager *pager, const char *field, const char *expect_first) {
  int count = 0;
  fapiao_value *item = NULL;
  int rc;
  while ((rc = fapiao_pager_next(&item, pager)) == FAPIAO_OK) {
    const char *text = NULL;
    if (count == 0 && expect_first) {
      CHECK(fapiao_value_get_string(&text, item, field) == FAPIAO_OK && text && strcmp(text, expect_first) == 0);
    }
    count++;
    fapiao_value_free(item);
  }
  CHECK(rc == FAPIAO_ITER_OVER);
  CHECK(item == NULL);
  return count;
}

static void test_lists(fapiao_client *client) {
  fapiao_session *session = sign_in(client);
  fapiao_pager *pager = NULL;
  CHECK(fapiao_subscriptions_list(&pager, client, session, NULL) == FAPIAO_OK);
  CHECK(drain(pager, "order_id", get("order")) == 1);
  fapiao_pager_free(pager);

  CHECK(fapiao_bills_list(&pager, client, session, "UNINVOICED", 2, NULL) == FAPIAO_OK);
  CHECK(drain(pager, "id", get("bill0")) == 3); /* bill3 still syncs; bill4 is invoiced */
  fapiao_pager_free(pager);
  CHECK(fapiao_bills_list(&pager, client, session, "PAID", 0, NULL) == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(has_field_error("state", "INVALID_VALUE"));
  CHECK(pager == NULL);
  CHECK(fapiao_bills_list(&pager, client, session, NULL, 500, NULL) == FAPIAO_E_INVALID_ARGUMENT);

  fapiao_value *bill = NULL;
  int64_t amount = 0;
  CHECK(fapiao_bill_get(&bill, client, session, get("bill0"), NULL) == FAPIAO_OK);
  CHECK(fapiao_value_get_int(&amount, bill, "amount_fen") == FAPIAO_OK && amount == 100000);
  fapiao_value_free(bill);
  CHECK(fapiao_bill_get(&bill, client, session, get("bill3"), NULL) == FAPIAO_E_NOT_FOUND);
  CHECK(strcmp(fapiao_error_last()->service_code, "BILL_NOT_YET_AVAILABLE") == 0);

  CHECK(fapiao_announcements_list(&pager, client, session, NULL) == FAPIAO_OK);
  drain(pager, "id", NULL);
  fapiao_pager_free(pager);
  fapiao_session_free(session);
}

static void test_events_and_endpoints(fapiao_client *client) {
  fapiao_session *session = sign_in(client);
  fapiao_value *endpoint = NULL, *value = NULL;
  const char *id = NULL, *secret = NULL, *text = NULL;
  CHECK(fapiao_webhook_endpoint_create(&endpoint, client, session,
                                       "{\"url\":\"https://partner.example.cn/hooks\",\"event_types\":[\"*\"]}",
                                       NULL) == FAPIAO_OK);
  CHECK(fapiao_value_get_string(&id, endpoint, "id") == FAPIAO_OK && id && strncmp(id, "we_", 3) == 0);
  CHECK(fapiao_value_get_string(&secret, endpoint, "secret") == FAPIAO_OK && secret &&
        strncmp(secret, "whsec_", 6) == 0);
  fapiao_pager *pager = NULL;
  CHECK(fapiao_webhook_endpoints_list(&pager, client, session, NULL) == FAPIAO_OK);
  CHECK(drain(pager, "id", id) >= 1);
  fapiao_pager_free(pager);
  CHECK(fapiao_webhook_endpoint_get(&value, client, session, id, NULL) == FAPIAO_OK);
  CHECK(fapiao_value_get_string(&text, value, "secret") == FAPIAO_OK && text == NULL); /* shown only once */
  fapiao_value_free(value);
  CHECK(fapiao_webhook_endpoint_update(&value, client, session, id, "{\"status\":\"DISABLED\"}", NULL) == FAPIAO_OK);
  CHECK(fapiao_value_get_string(&text, value, "status") == FAPIAO_OK && text && strcmp(text, "DISABLED") == 0);
  fapiao_value_free(value);
  CHECK(fapiao_webhook_endpoint_rotate_secret(&value, client, session, id, 60, NULL) == FAPIAO_OK);
  CHECK(fapiao_value_get_string(&text, value, "secret") == FAPIAO_OK && text && strcmp(text, secret) != 0);
  fapiao_value_free(value);
  CHECK(fapiao_webhook_endpoint_create(&value, client, session, "{\"url\":\"ftp://x\",\"event_types\":[\"*\"]}",
                                       NULL) == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(has_field_error("url", "URL_FORMAT") && value == NULL);
  CHECK(fapiao_webhook_endpoint_delete(client, session, id, NULL) == FAPIAO_OK);
  CHECK(fapiao_webhook_endpoint_get(&value, client, session, id, NULL) == FAPIAO_E_NOT_FOUND);
  CHECK(strcmp(fapiao_error_last()->service_code, "WEBHOOK_ENDPOINT_NOT_FOUND") == 0);
  fapiao_value_free(endpoint);

  /* The fixture's customer created requests: their events page like any list. */
  CHECK(fapiao_events_list(&pager, client, session, "invoice_request.created", 1, NULL) == FAPIAO_OK);
  fapiao_value *event = NULL;
  CHECK(fapiao_pager_next(&event, pager) == FAPIAO_OK);
  CHECK(fapiao_value_get_string(&text, event, "data.object.status") == FAPIAO_OK && text != NULL);
  CHECK(fapiao_value_get_string(&id, event, "id") == FAPIAO_OK && id != NULL);
  CHECK(fapiao_event_get(&value, client, session, id, NULL) == FAPIAO_OK);
  CHECK(strcmp(fapiao_value_json(value), fapiao_value_json(event)) == 0);
  fapiao_value_free(value);
  fapiao_value_free(event);
  fapiao_pager_free(pager);
  CHECK(fapiao_events_list(&pager, client, session, "bill.paid", 0, NULL) == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(has_field_error("type", "INVALID_VALUE") && pager == NULL);
  fapiao_session_free(session);
}

static void application_json(char *out, size_t size, const char *bill) {
  snprintf(out, size,
           "{\"kind\":\"VAT_ORDINARY\",\"bill_ids\":[\"%s\"],\"buyer\":{\"type\":\"ORGANIZATION\","
           "\"organization_kind\":\"ENTERPRISE\",\"name\":\"上海示例科技有限公司\",\"taxpayer_id\":\"91330106673959654P\"},"
           "\"delivery\":{\"method\":\"SELF_PICKUP\",\"recipient\":\"王小明\",\"mobile\":\"13800138000\"}}",
           bill);
}

static void test_invoice_requests(fapiao_client *client) {
  fapiao_session *session = sign_in(client);
  char app[1024];
  fapiao_value *preview = NULL, *created = NULL, *again = NULL, *value = NULL;
  const char *id = NULL, *text = NULL;
  int64_t number = 0;
  size_t count = 0;
  fapiao_call_options call = FAPIAO_CALL_OPTIONS_INIT;

  application_json(app, sizeof app, get("bill0"));
  CHECK(fapiao_invoice_request_preview(&preview, client, session, app, NULL) == FAPIAO_OK);
  CHECK(fapiao_value_get_int(&number, preview, "tax_fen") == FAPIAO_OK && number == 5660);
  CHECK(fapiao_value_get_int(&number, preview, "lines[0].net_fen") == FAPIAO_OK && number == 94340);
  CHECK(fapiao_value_count(&count, preview, "field_errors") == FAPIAO_OK && count == 0);
  fapiao_value_free(preview);

  /* Preview never refuses for the fields: the service reports every problem
     (those local validation would find and those only it can) in field_errors. */
  preview = NULL;
  CHECK(fapiao_invoice_request_preview(&preview, client, session,
                                       "{\"kind\":\"VAT_SPECIAL\",\"bill_ids\":[\"bill_nope\"],\"buyer\":{\"type\":"
                                       "\"ORGANIZATION\",\"name\":\"\"},\"delivery\":{\"method\":\"EMAIL\"}}",
                                       NULL) == FAPIAO_OK);
  CHECK(fapiao_error_last()->code == FAPIAO_OK);
  CHECK(fapiao_value_count(&count, preview, "field_errors") == FAPIAO_OK && count >= 3);
  CHECK(fapiao_value_get_string(&text, preview, "field_errors[0].field") == FAPIAO_OK && text != NULL);
  CHECK(strstr(fapiao_value_json(preview), "\"buyer.name\"") != NULL);
  CHECK(strstr(fapiao_value_json(preview), "DELIVERY_NOT_ALLOWED") != NULL);
  CHECK(strstr(fapiao_value_json(preview), "BILL_NOT_FOUND") != NULL);
  fapiao_value_free(preview);
  /* Input that is not an application at all is still refused locally. */
  preview = NULL;
  CHECK(fapiao_invoice_request_preview(&preview, client, session, "{\"bill_ids\": 7}", NULL) ==
        FAPIAO_E_INVALID_ARGUMENT);
  CHECK(preview == NULL);

  call.idempotency_key = get("order"); /* a job's own key: a re-run never applies twice */
  CHECK(fapiao_invoice_request_create(&created, client, session, app, &call) == FAPIAO_OK);
  CHECK(fapiao_value_get_string(&id, created, "id") == FAPIAO_OK && id != NULL);
  CHECK(fapiao_invoice_request_create(&again, client, session, app, &call) == FAPIAO_OK);
  CHECK(fapiao_value_get_string(&text, again, "id") == FAPIAO_OK && text && strcmp(text, id) == 0);
  fapiao_value_free(again);
  CHECK(fapiao_invoice_request_create(&again, client, session, app, NULL) == FAPIAO_E_CONFLICT);
  CHECK(strcmp(fapiao_error_last()->service_code, "BILL_ALREADY_INVOICED") == 0);
  CHECK(strlen(fapiao_error_last()->idempotency_key) > 0);
  CHECK(strlen(fapiao_error_last()->request_id) > 0);
  CHECK(fapiao_invoice_request_create(&again, client, session, "{\"bill_ids\": 7}", NULL) == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(has_field_error("bill_ids", "INVALID_VALUE"));

  fapiao_pager *pager = NULL;
  CHECK(fapiao_invoice_requests_list(&pager, client, session, "SUBMITTED", 0, NULL) == FAPIAO_OK);
  CHECK(drain(pager, "id", id) == 1);
  fapiao_pager_free(pager);
  CHECK(fapiao_invoice_requests_list(&pager, client, session, "LOST", 0, NULL) == FAPIAO_E_INVALID_ARGUMENT);

  CHECK(fapiao_invoice_request_get(&value, client, session, id, NULL) == FAPIAO_OK);
  CHECK(fapiao_value_get_string(&text, value, "status_label") == FAPIAO_OK && strcmp(text, "已提交") == 0);
  fapiao_value_free(value);
  CHECK(fapiao_invoice_request_title_change(&value, client, session, id, "{\"type\":\"INDIVIDUAL\",\"name\":\"李四\"}",
                                            NULL, NULL) == FAPIAO_E_CONFLICT);
  CHECK(strcmp(fapiao_error_last()->service_code, "INVALID_TRANSITION") == 0);
  CHECK(fapiao_invoice_request_title_change(&value, client, session, id, "[]", NULL, NULL) == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(fapiao_invoice_request_cancel(&value, client, session, id, NULL) == FAPIAO_OK);
  CHECK(fapiao_value_get_string(&text, value, "status") == FAPIAO_OK && strcmp(text, "CANCELLED") == 0);
  fapiao_value_free(value);
  CHECK(fapiao_invoice_request_cancel(&value, client, session, id, NULL) == FAPIAO_E_CONFLICT);
  fapiao_value_free(created);

  CHECK(fapiao_invoice_profile_get(&value, client, session, NULL) == FAPIAO_OK);
  CHECK(fapiao_value_get_string(&text, value, "delivery.method") == FAPIAO_OK && strcmp(text, "SELF_PICKUP") == 0);
  fapiao_value_free(value);

  char *bytes = NULL, *type = NULL;
  size_t size = 0;
  CHECK(fapiao_invoice_document_download(&bytes, &size, &type, client, session, get("issued_request"), NULL) ==
        FAPIAO_OK);
  CHECK(size > 1000 && bytes && memcmp(bytes, "%PDF-", 5) == 0);
  CHECK(type && strcmp(type, "application/pdf") == 0);
  fapiao_string_free(bytes);
  fapiao_string_free(type);
  CHECK(fapiao_invoice_document_download(&bytes, &size, &type, client, session, "ir_nope", NULL) == FAPIAO_E_NOT_FOUND);
  CHECK(bytes == NULL && size == 0 && type == NULL);

  fapiao_operation *operation = NULL;
  CHECK(fapiao_operation_new(&operation, client, session, get("issued_request")) == FAPIAO_OK);
  CHECK(fapiao_operation_poll(&value, operation, NULL) == FAPIAO_OK);
  fapiao_value_free(value);
  CHECK(fapiao_operation_wait_until(&value, operation, "ISSUED", 5000, 10, NULL) == FAPIAO_OK);
  fapiao_value_free(value);
  CHECK(fapiao_operation_wait_until(&value, operation, "SHIPPED", 30, 10, NULL) == FAPIAO_E_TIMEOUT);
  CHECK(fapiao_operation_wait_until(&value, operation, "WHATEVER", 30, 10, NULL) == FAPIAO_E_INVALID_ARGUMENT);
  fapiao_operation_free(operation);

  CHECK(fapiao_support_ticket_create(&value, client, session, "{\"type\":\"PROGRESS\",\"description\":\"查询进度\"}",
                                     NULL) == FAPIAO_OK);
  CHECK(fapiao_value_get_string(&id, value, "id") == FAPIAO_OK);
  fapiao_value *ticket = NULL;
  CHECK(fapiao_support_ticket_get(&ticket, client, session, id, NULL) == FAPIAO_OK);
  CHECK(fapiao_value_get_string(&text, ticket, "status") == FAPIAO_OK && strcmp(text, "OPEN") == 0);
  fapiao_value_free(ticket);
  fapiao_value_free(value);
  CHECK(fapiao_support_tickets_list(&pager, client, session, NULL) == FAPIAO_OK);
  CHECK(drain(pager, "type", "PROGRESS") == 1);
  fapiao_pager_free(pager);
  CHECK(fapiao_support_ticket_create(&value, client, session, "{\"type\":\"NOPE\"}", NULL) == FAPIAO_E_INVALID_ARGUMENT);

  fapiao_call_options bad = FAPIAO_CALL_OPTIONS_INIT;
  bad.version = 7;
  CHECK(fapiao_account_get(&value, client, session, &bad) == FAPIAO_E_INVALID_ARGUMENT);
  fapiao_session_free(session);
}

static void test_cancellation_and_sign_out(fapiao_client *client) {
  fapiao_session *session = sign_in(client);
  fapiao_cancel *cancel = NULL;
  fapiao_value *value = NULL;
  fapiao_call_options call = FAPIAO_CALL_OPTIONS_INIT;
  CHECK(fapiao_cancel_new(&cancel) == FAPIAO_OK);
  fapiao_cancel_trigger(cancel);
  call.cancel = cancel;
  CHECK(fapiao_account_get(&value, client, session, &call) == FAPIAO_E_CANCELLED);
  fapiao_cancel_free(cancel);
  CHECK(fapiao_sign_out(client, session, NULL) == FAPIAO_OK);
  CHECK(fapiao_account_get(&value, client, session, NULL) == FAPIAO_E_UNAUTHENTICATED);
  fapiao_session_free(session);
}

struct worker {
  fapiao_client *client;
  fapiao_session *session;
  int ok;
};

static void *work(void *arg) {
  struct worker *w = (struct worker *)arg;
  for (int i = 0; i < 25; i++) {
    fapiao_value *account = NULL;
    if (fapiao_account_get(&account, w->client, w->session, NULL) == FAPIAO_OK && fapiao_error_last()->code == FAPIAO_OK) {
      w->ok++;
    }
    fapiao_value_free(account);
  }
  return NULL;
}

static void test_threads_share_a_client(fapiao_client *client) {
  fapiao_session *session = sign_in(client);
  pthread_t threads[4];
  struct worker workers[4];
  for (int i = 0; i < 4; i++) {
    workers[i].client = client;
    workers[i].session = session;
    workers[i].ok = 0;
    CHECK(pthread_create(&threads[i], NULL, work, &workers[i]) == 0);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(threads[i], NULL);
    CHECK(workers[i].ok == 25);
  }
  fapiao_session_free(session);
}

/* Counts connection log lines, and those that resumed a TLS session. */
static int connections_logged;
static int connections_resumed;
static void on_connection_log(int level, const char *message, void *payload) {
  (void)level;
  (void)payload;
  if (strstr(message, "connected to") == NULL) return;
  connections_logged++;
  if (strstr(message, "TLS session resumed") != NULL) connections_resumed++;
}

/* Version 2 options: keep_alive off opens a connection per call, and each
   one after the first resumes the TLS session unless that is turned off. */
static void test_connection_options(void) {
  for (int resumption = 1; resumption >= 0; resumption--) {
    fapiao_client_options options = FAPIAO_CLIENT_OPTIONS_INIT;
    fapiao_client *client = NULL;
    fapiao_session *session = NULL;
    options.endpoint = get("endpoint");
    options.ca_file = get("ca_file");
    options.use_environment_proxy = 0;
    options.keep_alive = 0;
    options.tls_session_resumption = resumption;
    options.log_cb = on_connection_log;
    options.log_level = FAPIAO_LOG_DEBUG;
    connections_logged = connections_resumed = 0;
    CHECK(fapiao_client_new(&client, &options) == FAPIAO_OK);
    CHECK(fapiao_sign_in(&session, client, get("email"), get("password"), NULL) == FAPIAO_OK);
    for (int i = 0; i < 3; i++) {
      fapiao_value *account = NULL;
      CHECK(fapiao_account_get(&account, client, session, NULL) == FAPIAO_OK);
      fapiao_value_free(account);
    }
    CHECK(connections_logged == 4);
    CHECK(connections_resumed == (resumption ? 3 : 0));
    fapiao_session_free(session);
    fapiao_client_free(client);
  }
}

/* A caller built against the version 1 header passes the shorter struct: it
   still works, with the defaults for what it does not know. */
typedef struct {
  unsigned int version;
  const char *endpoint, *ca_file, *ca_pem;
  int insecure_skip_tls_verify, connect_timeout_ms, attempt_timeout_ms, call_timeout_ms, max_attempts,
      backoff_base_ms, backoff_cap_ms, jitter, pool_size;
  const char *proxy;
  int use_environment_proxy;
  const char *application_id;
  fapiao_log_cb log_cb;
  void *log_payload;
  int log_level;
} client_options_v1;

static void test_version_1_options_still_work(void) {
  client_options_v1 *v1 = malloc(sizeof *v1); /* exactly that size, so valgrind sees any read past it */
  fapiao_client *client = NULL;
  fapiao_session *session = NULL;
  memset(v1, 0, sizeof *v1);
  v1->version = 1;
  v1->endpoint = get("endpoint");
  v1->ca_file = get("ca_file");
  v1->jitter = 1;
  v1->log_level = FAPIAO_LOG_INFO;
  CHECK(fapiao_client_new(&client, (const fapiao_client_options *)(const void *)v1) == FAPIAO_OK);
  CHECK(fapiao_sign_in(&session, client, get("email"), get("password"), NULL) == FAPIAO_OK);
  fapiao_session_free(session);
  fapiao_client_free(client);
  free(v1);
}

static void test_logging_is_redacted(void) {
  fapiao_client_options options = FAPIAO_CLIENT_OPTIONS_INIT;
  fapiao_client *client = NULL;
  fapiao_session *session = NULL;
  options.endpoint = get("endpoint");
  options.ca_file = get("ca_file");
  options.use_environment_proxy = 0;
  options.log_cb = on_log;
  options.log_payload = (void *)get("password");
  options.log_level = FAPIAO_LOG_DEBUG;
  CHECK(fapiao_client_new(&client, &options) == FAPIAO_OK);
  CHECK(fapiao_sign_in(&session, client, get("email"), get("password"), NULL) == FAPIAO_OK);
  CHECK(log_lines > 0);
  CHECK(log_leaked == 0);
  fapiao_session_free(session);
  fapiao_client_free(client);
}

/* ---- webhook verification over the vectors shared with C++ and Python ---- */

/* Splits `line` in place at `sep`; returns the number of fields (at most max). */
static int split_fields(char *line, char sep, char **fields, int max) {
  int n = 0;
  fields[n++] = line;
  for (char *c = line; *c != '\0' && n < max; ++c) {
    if (*c == sep) {
      *c = '\0';
      fields[n++] = c + 1;
    }
  }
  return n;
}

static void test_webhook_vectors(void) {
  FILE *in = fopen(FAPIAO_WEBHOOK_VECTORS, "r");
  CHECK(in != NULL);
  if (in == NULL) return;
  static char line[8192];
  int cases = 0;
  while (fgets(line, sizeof line, in) != NULL) {
    line[strcspn(line, "\n")] = '\0';
    if (line[0] == '#' || line[0] == '\0') continue;
    char *f[9];
    if (split_fields(line, '\t', f, 9) != 9) {
      CHECK(!"a vector line has 9 tab-separated fields");
      continue;
    }
    char *secrets[8];
    int secret_count = f[8][0] == '\0' ? 0 : split_fields(f[8], ',', secrets, 8);
    fapiao_webhook_options options = FAPIAO_WEBHOOK_OPTIONS_INIT;
    options.now_unix_seconds = strtoll(f[2], NULL, 10);
    options.tolerance_seconds = strtoll(f[3], NULL, 10);
    fapiao_value *event = NULL;
    const int rc = fapiao_webhook_construct_event(&event, f[6], strlen(f[6]), f[7], (const char *const *)secrets,
                                                  (size_t)secret_count, &options);
    const char *text = NULL;
    if (strcmp(f[1], "ok") == 0) {
      CHECK(rc == FAPIAO_OK && event != NULL);
      CHECK(fapiao_value_get_string(&text, event, "type") == FAPIAO_OK && text && strcmp(text, f[4]) == 0);
      if (strcmp(f[5], "-") != 0) {
        CHECK(fapiao_value_get_string(&text, event, "data.object.id") == FAPIAO_OK && text && strcmp(text, f[5]) == 0);
      }
    } else {
      const fapiao_error *e = fapiao_error_last();
      if (rc == FAPIAO_OK || strcmp(e->service_code, f[1]) != 0) fprintf(stderr, "vector '%s'\n", f[0]);
      CHECK(rc == (strcmp(f[1], "WEBHOOK_PAYLOAD_MALFORMED") == 0 ? FAPIAO_E_PROTOCOL : FAPIAO_E_UNAUTHENTICATED));
      CHECK(event == NULL && strcmp(e->service_code, f[1]) == 0);
    }
    fapiao_value_free(event);
    cases++;
  }
  fclose(in);
  CHECK(cases >= 15);
  /* NULLs and wrong versions are refused, not crashed on. */
  fapiao_value *event = NULL;
  CHECK(fapiao_webhook_construct_event(NULL, "{}", 2, "t=1,v1=00", NULL, 0, NULL) == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(fapiao_webhook_construct_event(&event, NULL, 5, NULL, NULL, 0, NULL) == FAPIAO_E_INVALID_ARGUMENT);
  fapiao_webhook_options old = FAPIAO_WEBHOOK_OPTIONS_INIT;
  old.version = 99;
  CHECK(fapiao_webhook_construct_event(&event, "{}", 2, "", NULL, 0, &old) == FAPIAO_E_INVALID_ARGUMENT);
  CHECK(fapiao_webhook_construct_event(&event, "{}", 2, NULL, NULL, 0, NULL) == FAPIAO_E_UNAUTHENTICATED);
  CHECK(strcmp(fapiao_error_last()->service_code, "WEBHOOK_SIGNATURE_MISSING") == 0 && event == NULL);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: test_capi FIXTURE_FILE\n");
    return 2;
  }
  load_fixture(argv[1]);
  test_version_and_errors();
  test_null_arguments_and_versions();
  test_validation();
  test_lifecycle();
  test_webhook_vectors();
  fapiao_client *client = new_client(4);
  test_accounts_and_values(client);
  test_sessions_across_clients(client);
  test_lists(client);
  test_invoice_requests(client);
  test_events_and_endpoints(client);
  test_threads_share_a_client(client);
  test_cancellation_and_sign_out(client);
  fapiao_client_free(client);
  test_logging_is_redacted();
  test_connection_options();
  test_version_1_options_still_work();
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
