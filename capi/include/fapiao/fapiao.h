/*
 * fapiao.h: the C ABI of the fapiao SDK (Chinese VAT invoices, 发票).
 *
 * C11, also valid C++. Conventions (docs/c-api.md):
 *  - Every fallible function returns int: 0 (FAPIAO_OK) on success, a negative
 *    FAPIAO_E_* code on failure. Details are in fapiao_error_last().
 *  - Out-parameters come first. On failure they are set to NULL/0.
 *  - Handles are opaque; every fapiao_*_free() accepts NULL.
 *  - Option structs carry a `version` and have *_INIT macros.
 *  - Strings are UTF-8 and NUL-terminated. Money is integer fen (int64_t).
 *  - Ownership is stated on each function: "caller frees with X" or
 *    "borrowed: valid until Y".
 *  - Models cross the boundary as fapiao_value handles read by field path
 *    ("buyer.name", "lines[0].tax_fen"); complex inputs are JSON text with the
 *    contract's field names (api/openapi.yaml), so the ABI never changes when
 *    the service adds a field.
 */
#ifndef FAPIAO_H
#define FAPIAO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(FAPIAO_C_BUILDING) && defined(__GNUC__)
#define FAPIAO_EXTERN __attribute__((visibility("default")))
#else
#define FAPIAO_EXTERN
#endif

/* ---- Version ----------------------------------------------------------- */

#include <fapiao/version.h> /* FAPIAO_VERSION_MAJOR, _MINOR, _PATCH, _STRING */

/** The version of the library linked at run time. Static string. */
FAPIAO_EXTERN const char *fapiao_version(void);

/* ---- Errors ------------------------------------------------------------ */

/* The shared error table (docs/errors.md): FAPIAO_E_x = -(fapiao::ErrorCode::x). */
#define FAPIAO_OK 0
#define FAPIAO_ITER_OVER 1 /* fapiao_pager_next: no more items (not an error) */
#define FAPIAO_E_INTERNAL (-1)
#define FAPIAO_E_INVALID_ARGUMENT (-2)
#define FAPIAO_E_UNAUTHENTICATED (-3)
#define FAPIAO_E_PERMISSION_DENIED (-4)
#define FAPIAO_E_NOT_FOUND (-5)
#define FAPIAO_E_CONFLICT (-6)
#define FAPIAO_E_IDEMPOTENCY (-7)
#define FAPIAO_E_RATE_LIMITED (-8)
#define FAPIAO_E_UNAVAILABLE (-9)
#define FAPIAO_E_TRANSPORT (-10)
#define FAPIAO_E_TLS (-11)
#define FAPIAO_E_TIMEOUT (-12)
#define FAPIAO_E_CANCELLED (-13)
#define FAPIAO_E_PROTOCOL (-14)
#define FAPIAO_E_REJECTED (-15)
#define FAPIAO_E_NOMEM (-16) /* out of memory inside the SDK */

typedef struct fapiao_field_error {
  const char *field;   /* "buyer.taxpayer_id", "bill_ids[0]" */
  const char *code;    /* "USCC_CHECKSUM", "REQUIRED", ... */
  const char *message; /* English */
} fapiao_field_error;

/* The last error of this thread. Fields are only ever appended. */
typedef struct fapiao_error {
  int code;                       /* FAPIAO_OK or FAPIAO_E_* */
  const char *message;            /* never NULL; "" when code is FAPIAO_OK */
  int http_status;                /* 0 when no response arrived */
  const char *service_code;       /* never NULL; "" when none: "BILL_ALREADY_INVOICED" */
  const char *request_id;         /* never NULL; the service's Request-Id */
  const char *idempotency_key;    /* never NULL; the key the call sent */
  int retryable;                  /* 1 when repeating the call may succeed */
  int attempts;                   /* attempts made */
  int retry_after_seconds;        /* -1 when the service sent none */
  size_t field_error_count;
  const fapiao_field_error *field_errors; /* every bad field (validation) */
} fapiao_error;

/**
 * The error of the last fapiao call on this thread. Never NULL: after a
 * success its code is FAPIAO_OK. Borrowed: valid until the next fapiao call
 * on this thread.
 */
FAPIAO_EXTERN const fapiao_error *fapiao_error_last(void);
/** Resets this thread's last error to FAPIAO_OK. */
FAPIAO_EXTERN void fapiao_error_clear(void);

/* ---- Memory ------------------------------------------------------------ */

/** Frees a string the SDK handed over (char ** out-parameters). NULL is fine. */
FAPIAO_EXTERN void fapiao_string_free(char *string);

/* ---- Values: models read by field path ----------------------------------- */

/** A model returned by the SDK (an Account, a Bill, an InvoiceRequest, ...). */
typedef struct fapiao_value fapiao_value;

/** Frees a value. NULL is fine. Strings borrowed from it die with it. */
FAPIAO_EXTERN void fapiao_value_free(fapiao_value *value);
/** The value as JSON in the contract's shape. Borrowed: valid until fapiao_value_free. */
FAPIAO_EXTERN const char *fapiao_value_json(const fapiao_value *value);
/**
 * A string field by path ("id", "buyer.name", "lines[1].bill_id").
 * *out is borrowed (valid until fapiao_value_free); NULL when the field is
 * absent or null. FAPIAO_E_INVALID_ARGUMENT when it is not a string.
 */
FAPIAO_EXTERN int fapiao_value_get_string(const char **out, const fapiao_value *value, const char *path);
/** An integer field (fen, counts). FAPIAO_E_NOT_FOUND when absent or null. */
FAPIAO_EXTERN int fapiao_value_get_int(int64_t *out, const fapiao_value *value, const char *path);
/** A boolean field as 0/1. FAPIAO_E_NOT_FOUND when absent or null. */
FAPIAO_EXTERN int fapiao_value_get_bool(int *out, const fapiao_value *value, const char *path);
/** The length of an array field (0 when absent or null). */
FAPIAO_EXTERN int fapiao_value_count(size_t *out, const fapiao_value *value, const char *path);

/* ---- Cancellation ------------------------------------------------------ */

typedef struct fapiao_cancel fapiao_cancel;
/** A cancellation source; caller frees with fapiao_cancel_free (after the calls using it returned). */
FAPIAO_EXTERN int fapiao_cancel_new(fapiao_cancel **out);
/** Cancels every call and wait holding it, from any thread. */
FAPIAO_EXTERN void fapiao_cancel_trigger(fapiao_cancel *cancel);
FAPIAO_EXTERN void fapiao_cancel_free(fapiao_cancel *cancel);

/* ---- Client ------------------------------------------------------------ */

typedef enum fapiao_log_level {
  FAPIAO_LOG_DEBUG = 0,
  FAPIAO_LOG_INFO = 1,
  FAPIAO_LOG_WARNING = 2,
  FAPIAO_LOG_ERROR = 3,
  FAPIAO_LOG_OFF = 4
} fapiao_log_level;

/** Receives redacted log lines; `message` is borrowed for the call only. Must be thread-safe. */
typedef void (*fapiao_log_cb)(int level, const char *message, void *payload);

#define FAPIAO_CLIENT_OPTIONS_VERSION 2 /* 1: without keep_alive and tls_session_resumption */
typedef struct fapiao_client_options {
  unsigned int version;          /* FAPIAO_CLIENT_OPTIONS_VERSION */
  const char *endpoint;          /* "https://host[:port]", required */
  const char *ca_file;           /* PEM file; NULL = system roots */
  const char *ca_pem;            /* PEM text; NULL = none */
  int insecure_skip_tls_verify;  /* 0; non-zero disables verification and warns on every connection */
  int connect_timeout_ms;        /* 10000 */
  int attempt_timeout_ms;        /* 30000 */
  int call_timeout_ms;           /* 60000 */
  int max_attempts;              /* 4 (1 = no retries) */
  int backoff_base_ms;           /* 500 */
  int backoff_cap_ms;            /* 20000 */
  int jitter;                    /* 1 */
  int pool_size;                 /* 8 */
  const char *proxy;             /* "http://host:port"; NULL = HTTPS_PROXY/NO_PROXY if use_environment_proxy */
  int use_environment_proxy;     /* 1 */
  const char *application_id;    /* added to the User-Agent; NULL = none */
  fapiao_log_cb log_cb;          /* NULL = no logging */
  void *log_payload;
  int log_level;                 /* FAPIAO_LOG_INFO */
  /* version 2 */
  int keep_alive;                /* 1; 0 opens a connection per attempt ("Connection: close") */
  int tls_session_resumption;    /* 1; 0 never resumes a TLS session (a full handshake per connection) */
} fapiao_client_options;

#define FAPIAO_CLIENT_OPTIONS_INIT \
  { FAPIAO_CLIENT_OPTIONS_VERSION, NULL, NULL, NULL, 0, 10000, 30000, 60000, 4, 500, 20000, 1, 8, NULL, 1, NULL, NULL, NULL, \
    FAPIAO_LOG_INFO, 1, 1 }

#define FAPIAO_CALL_OPTIONS_VERSION 1
typedef struct fapiao_call_options {
  unsigned int version;          /* FAPIAO_CALL_OPTIONS_VERSION */
  int timeout_ms;                /* 0 = the client's call_timeout_ms */
  const char *idempotency_key;   /* NULL = generated per call for every POST */
  const char *client_request_id; /* NULL = generated */
  int skip_validation;           /* 0 = validate locally before sending */
  fapiao_cancel *cancel;         /* NULL = not cancellable; borrowed for the call */
} fapiao_call_options;

#define FAPIAO_CALL_OPTIONS_INIT { FAPIAO_CALL_OPTIONS_VERSION, 0, NULL, NULL, 0, NULL }

typedef struct fapiao_client fapiao_client;

/**
 * Creates a client. Copies everything it needs from `options`.
 * Caller frees with fapiao_client_free. A client may be used from many
 * threads at once (one connection pool for all).
 */
FAPIAO_EXTERN int fapiao_client_new(fapiao_client **out, const fapiao_client_options *options);
/** Frees a client; calls still running on other threads must have returned. NULL is fine. */
FAPIAO_EXTERN void fapiao_client_free(fapiao_client *client);

/* ---- Sessions ------------------------------------------------------------ */

/** A signed-in customer. Not tied to a client: any client may use it. */
typedef struct fapiao_session fapiao_session;

/** Signs in. Caller frees *out with fapiao_session_free. */
FAPIAO_EXTERN int fapiao_sign_in(fapiao_session **out, fapiao_client *client, const char *email, const char *password,
                                 const fapiao_call_options *call);
/** Ends the session at the service (the handle must still be freed). */
FAPIAO_EXTERN int fapiao_sign_out(fapiao_client *client, const fapiao_session *session, const fapiao_call_options *call);
/** Serialises for a session store. Caller frees *out with fapiao_string_free. The text is a secret. */
FAPIAO_EXTERN int fapiao_session_serialize(char **out, const fapiao_session *session);
/** Restores a serialised session. Caller frees *out with fapiao_session_free. */
FAPIAO_EXTERN int fapiao_session_parse(fapiao_session **out, const char *text);
/** 1 when the session was opened with a mailed password that must be changed first. */
FAPIAO_EXTERN int fapiao_session_must_change_password(const fapiao_session *session);
/** The session's expiry, Unix seconds. */
FAPIAO_EXTERN int64_t fapiao_session_expires_at(const fapiao_session *session);
FAPIAO_EXTERN void fapiao_session_free(fapiao_session *session);

/* ---- Accounts (R1–R6). Value outs: caller frees with fapiao_value_free. -- */

FAPIAO_EXTERN int fapiao_account_register(fapiao_value **out, fapiao_client *client, const char *email,
                                          const char *password, const char *order_id, const fapiao_call_options *call);
FAPIAO_EXTERN int fapiao_account_activate(fapiao_value **out, fapiao_client *client, const char *token,
                                          const fapiao_call_options *call);
FAPIAO_EXTERN int fapiao_account_resend_activation(fapiao_client *client, const char *email,
                                                   const fapiao_call_options *call);
FAPIAO_EXTERN int fapiao_account_get(fapiao_value **out, fapiao_client *client, const fapiao_session *session,
                                     const fapiao_call_options *call);
FAPIAO_EXTERN int fapiao_account_change_email(fapiao_value **out, fapiao_client *client, const fapiao_session *session,
                                              const char *new_email, const char *current_password,
                                              const fapiao_call_options *call);
FAPIAO_EXTERN int fapiao_account_change_password(fapiao_value **out, fapiao_client *client,
                                                 const fapiao_session *session, const char *current_password,
                                                 const char *new_password, const fapiao_call_options *call);
FAPIAO_EXTERN int fapiao_password_reset(fapiao_client *client, const char *email, const fapiao_call_options *call);

/* ---- Lists: pagers -------------------------------------------------------- */

/** Every item of a list, fetched a page at a time. Use from one thread at a time. */
typedef struct fapiao_pager fapiao_pager;
/**
 * The next item: 0 with *out set (caller frees with fapiao_value_free),
 * FAPIAO_ITER_OVER at the end (*out NULL), or a negative error.
 */
FAPIAO_EXTERN int fapiao_pager_next(fapiao_value **out, fapiao_pager *pager);
FAPIAO_EXTERN void fapiao_pager_free(fapiao_pager *pager);

/* Pager outs: caller frees with fapiao_pager_free. The pager copies the session. */
FAPIAO_EXTERN int fapiao_subscriptions_list(fapiao_pager **out, fapiao_client *client, const fapiao_session *session,
                                            const fapiao_call_options *call);
/** `state`: NULL for every state, else UNINVOICED, RESERVED, INVOICED or SPLIT. page_size 1–100 (0 = 20). */
FAPIAO_EXTERN int fapiao_bills_list(fapiao_pager **out, fapiao_client *client, const fapiao_session *session,
                                    const char *state, int page_size, const fapiao_call_options *call);
FAPIAO_EXTERN int fapiao_bill_get(fapiao_value **out, fapiao_client *client, const fapiao_session *session,
                                  const char *bill_id, const fapiao_call_options *call);
/** `status`: NULL for every status, else a RequestStatus name. */
FAPIAO_EXTERN int fapiao_invoice_requests_list(fapiao_pager **out, fapiao_client *client,
                                               const fapiao_session *session, const char *status, int page_size,
                                               const fapiao_call_options *call);
FAPIAO_EXTERN int fapiao_announcements_list(fapiao_pager **out, fapiao_client *client, const fapiao_session *session,
                                            const fapiao_call_options *call);
FAPIAO_EXTERN int fapiao_support_tickets_list(fapiao_pager **out, fapiao_client *client,
                                              const fapiao_session *session, const fapiao_call_options *call);

/* ---- Invoice requests (R8–R18) ------------------------------------------- */

FAPIAO_EXTERN int fapiao_invoice_profile_get(fapiao_value **out, fapiao_client *client, const fapiao_session *session,
                                             const fapiao_call_options *call);
/**
 * `application_json`: {kind, bill_ids, buyer, delivery, remark?, amounts_fen?}
 * as in api/openapi.yaml. Text that is not that JSON (a field of the wrong
 * type) gives FAPIAO_E_INVALID_ARGUMENT naming the field. An application that
 * parses is sent as it is, even with invalid fields: the preview answers
 * FAPIAO_OK and lists every problem — local rules and bill problems alike —
 * in its `field_errors` (the same rule in C++, Python and the CLI).
 */
FAPIAO_EXTERN int fapiao_invoice_request_preview(fapiao_value **out, fapiao_client *client,
                                                 const fapiao_session *session, const char *application_json,
                                                 const fapiao_call_options *call);
/**
 * Creates the request. An application that fails local validation gives
 * FAPIAO_E_INVALID_ARGUMENT with every field listed, and nothing is sent
 * (call->skip_validation sends it anyway). A generated idempotency key makes
 * retries safe; set call->idempotency_key to make re-runs safe.
 */
FAPIAO_EXTERN int fapiao_invoice_request_create(fapiao_value **out, fapiao_client *client,
                                                const fapiao_session *session, const char *application_json,
                                                const fapiao_call_options *call);
FAPIAO_EXTERN int fapiao_invoice_request_get(fapiao_value **out, fapiao_client *client, const fapiao_session *session,
                                             const char *request_id, const fapiao_call_options *call);
FAPIAO_EXTERN int fapiao_invoice_request_cancel(fapiao_value **out, fapiao_client *client,
                                                const fapiao_session *session, const char *request_id,
                                                const fapiao_call_options *call);
/** `buyer_json`: a Buyer object; `note` may be NULL. */
FAPIAO_EXTERN int fapiao_invoice_request_title_change(fapiao_value **out, fapiao_client *client,
                                                      const fapiao_session *session, const char *request_id,
                                                      const char *buyer_json, const char *note,
                                                      const fapiao_call_options *call);
/**
 * The issued e-invoice file. Caller frees *out_bytes and *out_content_type
 * with fapiao_string_free (the bytes are NUL-terminated for convenience; use *out_size).
 */
FAPIAO_EXTERN int fapiao_invoice_document_download(char **out_bytes, size_t *out_size, char **out_content_type,
                                                   fapiao_client *client, const fapiao_session *session,
                                                   const char *request_id, const fapiao_call_options *call);

/* ---- Tracking ------------------------------------------------------------ */

typedef struct fapiao_operation fapiao_operation;
/** Tracks a request; `request_id` is also the resume token. Caller frees with fapiao_operation_free. */
FAPIAO_EXTERN int fapiao_operation_new(fapiao_operation **out, fapiao_client *client, const fapiao_session *session,
                                       const char *request_id);
FAPIAO_EXTERN int fapiao_operation_poll(fapiao_value **out, fapiao_operation *operation,
                                        const fapiao_call_options *call);
/** Polls every interval_ms until `status` is reached or the request is final; FAPIAO_E_TIMEOUT after timeout_ms. */
FAPIAO_EXTERN int fapiao_operation_wait_until(fapiao_value **out, fapiao_operation *operation, const char *status,
                                              int timeout_ms, int interval_ms, fapiao_cancel *cancel);
FAPIAO_EXTERN void fapiao_operation_free(fapiao_operation *operation);

/* ---- Support (R17, R18) ------------------------------------------------------- */

/** `ticket_json`: {type, bill_ids?, request_id?, description?, split_amounts_fen?}. */
FAPIAO_EXTERN int fapiao_support_ticket_create(fapiao_value **out, fapiao_client *client,
                                               const fapiao_session *session, const char *ticket_json,
                                               const fapiao_call_options *call);
FAPIAO_EXTERN int fapiao_support_ticket_get(fapiao_value **out, fapiao_client *client, const fapiao_session *session,
                                            const char *ticket_id, const fapiao_call_options *call);

/* ---- Lifecycle: the status machine (no network) ---------------------------- */

/*
 * The rules of fapiao/lifecycle.hpp, for names on the wire ("PRINTED",
 * "VAT_ORDINARY", "YUNDA"). Each answers 1 (yes) or 0 (no), or
 * FAPIAO_E_INVALID_ARGUMENT naming the argument that is NULL or a name this
 * SDK does not know.
 */
/** 1 when a request in `status` moves no further by itself (DELIVERED, PICKED_UP, REJECTED, CANCELLED, REVERSED). */
FAPIAO_EXTERN int fapiao_status_is_final(const char *status);
/** 1 when the issuer may move a request of `kind` delivered by `delivery_method` from `from` to `to`. */
FAPIAO_EXTERN int fapiao_status_can_advance(const char *from, const char *to, const char *kind,
                                            const char *delivery_method);
/** 1 when a request of `kind` in `status` accepts a title change. */
FAPIAO_EXTERN int fapiao_status_can_change_title(const char *status, const char *kind);
/** 1 when a request of `kind` in `status` has an e-invoice file to download. */
FAPIAO_EXTERN int fapiao_status_has_document(const char *status, const char *kind);
/** The working days between submission and the due date (2). */
FAPIAO_EXTERN int fapiao_due_working_days(void);

/* ---- Validation on its own (no network) ------------------------------------ */

/**
 * Validates an application. 0 when it may be sent (warnings such as
 * USCC_CHECKSUM, if any, in *out_warnings as a JSON array; caller frees with
 * fapiao_string_free); FAPIAO_E_INVALID_ARGUMENT with every problem in
 * fapiao_error_last()->field_errors otherwise. `strict_uscc` non-zero makes
 * check-character mismatches errors.
 */
FAPIAO_EXTERN int fapiao_validate_application(char **out_warnings, const char *application_json, int strict_uscc);
/** Validates one taxpayer ID for an organisation (individual = 0) or a person (individual = 1). */
FAPIAO_EXTERN int fapiao_validate_taxpayer_id(const char *taxpayer_id, int individual, int strict_uscc);

/* ---- Events and webhook endpoints (docs/webhooks.md) ---------------------- */

/** The account's events, newest first. `type`: NULL for every type, else an EventType ("bill.available"). */
FAPIAO_EXTERN int fapiao_events_list(fapiao_pager **out, fapiao_client *client, const fapiao_session *session,
                                     const char *type, int page_size, const fapiao_call_options *call);
FAPIAO_EXTERN int fapiao_event_get(fapiao_value **out, fapiao_client *client, const fapiao_session *session,
                                   const char *event_id, const fapiao_call_options *call);
/**
 * `endpoint_json`: {url, event_types, description?}. The answer's "secret"
 * (whsec_...) is shown only here: keep it to verify deliveries.
 */
FAPIAO_EXTERN int fapiao_webhook_endpoint_create(fapiao_value **out, fapiao_client *client,
                                                 const fapiao_session *session, const char *endpoint_json,
                                                 const fapiao_call_options *call);
FAPIAO_EXTERN int fapiao_webhook_endpoints_list(fapiao_pager **out, fapiao_client *client,
                                                const fapiao_session *session, const fapiao_call_options *call);
FAPIAO_EXTERN int fapiao_webhook_endpoint_get(fapiao_value **out, fapiao_client *client,
                                              const fapiao_session *session, const char *endpoint_id,
                                              const fapiao_call_options *call);
/** `change_json`: {url?, event_types?, description?, status?: "ENABLED"|"DISABLED"}; what is absent stays. */
FAPIAO_EXTERN int fapiao_webhook_endpoint_update(fapiao_value **out, fapiao_client *client,
                                                 const fapiao_session *session, const char *endpoint_id,
                                                 const char *change_json, const fapiao_call_options *call);
/** Removes the endpoint; deliveries still pending to it stop. */
FAPIAO_EXTERN int fapiao_webhook_endpoint_delete(fapiao_client *client, const fapiao_session *session,
                                                 const char *endpoint_id, const fapiao_call_options *call);
/** A new secret (in the answer's "secret"); the previous one signs for 0–604800 more seconds. */
FAPIAO_EXTERN int fapiao_webhook_endpoint_rotate_secret(fapiao_value **out, fapiao_client *client,
                                                        const fapiao_session *session, const char *endpoint_id,
                                                        int64_t previous_secret_expires_in_seconds,
                                                        const fapiao_call_options *call);

/* ---- Webhooks: verifying a delivery (docs/webhooks.md) ------------------- */

#define FAPIAO_WEBHOOK_OPTIONS_VERSION 1
typedef struct fapiao_webhook_options {
  unsigned int version;      /* FAPIAO_WEBHOOK_OPTIONS_VERSION */
  int64_t tolerance_seconds; /* the signature's time may be this far from now (300) */
  int64_t now_unix_seconds;  /* 0 = the system clock; set only in tests */
} fapiao_webhook_options;
#define FAPIAO_WEBHOOK_OPTIONS_INIT { FAPIAO_WEBHOOK_OPTIONS_VERSION, 300, 0 }

/**
 * Verifies a webhook delivery and decodes its Event (the same code as C++'s
 * fapiao::webhooks::construct_event). `payload` is the raw request body,
 * `payload_len` bytes (need not be NUL-terminated); `signature_header` is the
 * Fapiao-Signature header (NULL when absent); `secrets` holds `secret_count`
 * signing secrets (several during a rotation: any one may match). `options`
 * may be NULL for the defaults.
 * On success *out is the Event (read "type", "data.object.status"...); caller
 * frees with fapiao_value_free. On failure FAPIAO_E_UNAUTHENTICATED with
 * service_code WEBHOOK_SIGNATURE_MISSING, WEBHOOK_SIGNATURE_MISMATCH or
 * WEBHOOK_TIMESTAMP_OUTSIDE_TOLERANCE, or FAPIAO_E_PROTOCOL with
 * WEBHOOK_PAYLOAD_MALFORMED: answer the sender 400 and do not trust the body.
 */
FAPIAO_EXTERN int fapiao_webhook_construct_event(fapiao_value **out, const char *payload, size_t payload_len,
                                                 const char *signature_header, const char *const *secrets,
                                                 size_t secret_count, const fapiao_webhook_options *options);

#ifdef __cplusplus
}
#endif

#endif /* FAPIAO_H */
