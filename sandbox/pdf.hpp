// The issued e-invoice as a PDF (GET /v1/invoice-requests/{id}/document and
// the EINVOICE_ISSUED mail's attachment).
#pragma once

#include <fapiao/models.hpp>

#include <string>

namespace sandbox {

/// Draws the invoice of an ISSUED request. Safe from any thread (drawing is
/// one at a time: cairo's font caches are not shared safely).
std::string render_pdf(const fapiao::InvoiceRequest& request);

}  // namespace sandbox
