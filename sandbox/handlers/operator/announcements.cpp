// POST and DELETE /sandbox/announcements: notices the issuer publishes (a
// stock shortage moves the due dates of the requests it affects).
#include "handlers/operator/operator.hpp"

#include "back_office/back_office.hpp"
#include "events/recorder.hpp"
#include "store/rows.hpp"
#include "store/support.hpp"
#include "util.hpp"

namespace sandbox::handlers {

NewAnnouncement read(const Call& call, In<NewAnnouncement>) {
  // The id is the service's to give; a placeholder lets the model's decoder
  // (which requires one) check every other field's type.
  boost::json::object input = body_object(call);
  input["id"] = "new";
  Call typed = call;
  typed.body = std::move(input);
  auto a = decode_body<fapiao::Announcement>(typed);
  std::vector<fapiao::FieldError> errors;
  if (!a.category.is_known()) {
    errors.push_back({"category", a.category.empty() ? "REQUIRED" : "INVALID_VALUE",
                      "category is STOCK_SHORTAGE, HOLIDAY_SCHEDULE, MAINTENANCE or OTHER."});
  }
  if (fapiao::trim(a.title).empty()) errors.push_back({"title", "REQUIRED", "title is required."});
  if (a.category == fapiao::AnnouncementCategory::stock_shortage && !a.expected_ship_date) {
    errors.push_back({"expected_ship_date", "REQUIRED", "A stock shortage needs the expected ship date."});
  }
  for (std::size_t i = 0; i < a.affects_kinds.size(); ++i) {
    if (!a.affects_kinds[i].is_known()) {
      errors.push_back({"affects_kinds[" + std::to_string(i) + "]", "INVALID_VALUE", "Unknown invoice kind."});
    }
  }
  if (!errors.empty()) throw validation_failed(errors);
  a.id.clear();
  return NewAnnouncement{std::move(a)};
}

namespace operator_api {

Created<fapiao::Announcement> create_announcement(const Context& ctx, const NewAnnouncement& input) {
  fapiao::Announcement a = input.announcement;
  a.id = store::new_id("ann");
  if (a.starts_at == fapiao::Timestamp{}) a.starts_at = ts(ctx.now);
  store::insert_announcement(ctx.db, a);
  events::announcement_published(ctx.db, ctx.now, a);
  ctx.env.back_office.apply_shortages(ctx.db, ctx.now);
  return {std::move(a)};
}

NoContent delete_announcement(const Context& ctx, const ById& announcement) {
  if (!store::delete_announcement(ctx.db, announcement.id)) {
    throw not_found("ANNOUNCEMENT_NOT_FOUND", "Announcement " + announcement.id);
  }
  return {};
}

}  // namespace operator_api
}  // namespace sandbox::handlers
