// /v1/invoice-requests and /v1/invoice-profile: the preview and the
// application (R10–R16), the customer's requests, cancelling, a title
// change (R19) and the e-invoice file.
#pragma once

#include "handlers/context.hpp"
#include "handlers/results.hpp"
#include "router/inputs.hpp"

#include <fapiao/models.hpp>

#include <optional>
#include <string>

namespace sandbox::handlers {

struct RequestFilter {
  PageQuery page;
  std::optional<std::string> status;  // a RequestStatus wire name
};
RequestFilter read(const Call& call, In<RequestFilter>);

struct TitleChange {
  std::string request_id;
  fapiao::Buyer buyer;
  std::string note;
};
TitleChange read(const Call& call, In<TitleChange>);

namespace invoice_requests {

/// What the application would be: lines, totals, due date, warnings, and
/// every problem as field errors (the preview never refuses).
fapiao::InvoicePreview preview(const Context& ctx, const fapiao::InvoiceApplication& application);
/// The same checks; any problem refuses, else one SUBMITTED request that
/// reserves its bills (a bill is invoiced under one title, once).
Created<fapiao::InvoiceRequest> create(const Context& ctx, const fapiao::InvoiceApplication& application);
fapiao::Page<fapiao::InvoiceRequest> list(const Context& ctx, const RequestFilter& filter);
fapiao::InvoiceRequest get(const Context& ctx, const ById& request);
fapiao::InvoiceRequest cancel(const Context& ctx, const ById& request);
fapiao::InvoiceRequest change_title(const Context& ctx, const TitleChange& input);
Download document(const Context& ctx, const ById& request);
/// The kind, title and delivery of the customer's last application.
fapiao::InvoiceProfile profile(const Context& ctx);

/// A customer's request (INVOICE_REQUEST_NOT_FOUND when it is not theirs);
/// any customer's when `customer_id` is empty (the operator).
fapiao::InvoiceRequest load(Database& db, const std::string& customer_id, const std::string& id);

}  // namespace invoice_requests
}  // namespace sandbox::handlers
