// Fuzz target: the validators and normalisers on arbitrary text (any bytes,
// including invalid UTF-8): no crash, no UB, and normalisation is idempotent.
#include <fapiao/fapiao.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string id = fapiao::normalize_identifier(text);
  if (fapiao::normalize_identifier(id) != id) std::abort();
  (void)fapiao::normalize_mobile(text);
  (void)fapiao::normalize_phone(text);
  (void)fapiao::gbk_length(text);
  (void)fapiao::is_valid_uscc(id);
  (void)fapiao::is_valid_resident_id(id);
  (void)fapiao::is_valid_landline(text);
  (void)fapiao::is_valid_email(text);
  (void)fapiao::validate_taxpayer_id(text, fapiao::BuyerType::individual, fapiao::UsccMode::strict);
  (void)fapiao::validate_password(text);
  (void)fapiao::parse_rfc3339(text);
  (void)fapiao::parse_date(text);
  (void)fapiao::parse_yuan(text);
  fapiao::InvoiceApplication app;
  app.kind = fapiao::OpenEnum<fapiao::InvoiceKind>::from_wire(text.substr(0, 20));
  app.bill_ids = {text, text};
  app.buyer.type = fapiao::BuyerType::organization;
  app.buyer.organization_kind = fapiao::OrganizationKind::enterprise;
  app.buyer.name = text;
  app.buyer.taxpayer_id = text;
  app.buyer.address = text;
  app.buyer.phone = text;
  app.delivery.method = fapiao::DeliveryMethod::yunda;
  app.delivery.mobile = text;
  app.delivery.postal_code = text;
  app.remark = text;
  const auto report = fapiao::validate_application(app);
  for (const auto& e : report.errors) {
    if (e.field.empty() || e.code.empty() || e.message.empty()) std::abort();  // every problem is named
  }
  return 0;
}
