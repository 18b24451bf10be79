// fapiao: a client for fapiao-sandbox's operator API (/sandbox/...), for
// partners who script the sandbox in their own tests and demos: add orders
// and payments, read the outbox, move the virtual clock, work requests
// through the back office, post announcements, inject faults, read the journal.
// Link fapiao::sandbox_operator: it is not part of fapiao::fapiao.
#pragma once

#include <fapiao/generated/sandbox_models.hpp>
#include <fapiao/models.hpp>
#include <fapiao/options.hpp>
#include <fapiao/result.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fapiao::sandbox {

class Operator {
 public:
  /// `options` as for a Client (endpoint, CA file...); `operator_token` from
  /// --operator-token or DATA_DIR/operator-token.
  Operator(ClientOptions options, std::string operator_token);
  ~Operator();
  Operator(Operator&&) noexcept;
  Operator& operator=(Operator&&) noexcept;

  Result<Order> create_order(const Order& order);
  /// A payment, returned as its Bill (visible to the customer 3 days after paid_at; default now).
  Result<Bill> create_payment(const std::string& order_id, std::int64_t amount_fen,
                              std::optional<Timestamp> paid_at = std::nullopt,
                              PaymentMethod method = PaymentMethod::alipay);
  /// `count` identical payments (1..200 000) in one transaction, for a long
  /// bill history; returns how many bills were created.
  Result<std::int64_t> create_payments(const std::string& order_id, std::int64_t amount_fen, std::int64_t count,
                                       std::optional<Timestamp> paid_at = std::nullopt,
                                       PaymentMethod method = PaymentMethod::alipay);
  /// Mails to `to` ("" = all), oldest first.
  Result<std::vector<Mail>> outbox(const std::string& to = {});
  Result<Timestamp> now();
  Result<Timestamp> set_clock(Timestamp now);
  Result<Timestamp> advance_clock(std::chrono::seconds by);
  /// Moves a request along its status machine (PROCESSING, PRINTED, SHIPPED...).
  Result<InvoiceRequest> advance_request(const std::string& request_id, RequestStatus to,
                                         const std::string& tracking_number = {}, const std::string& reason = {});
  /// The original paper invoice came back: completes a title change.
  Result<InvoiceRequest> original_returned(const std::string& request_id);
  Result<Announcement> post_announcement(const Announcement& announcement);
  Result<void> end_announcement(const std::string& announcement_id);
  Result<SupportTicket> resolve_ticket(const std::string& ticket_id, bool approve, const std::string& note = {});
  Result<std::string> add_fault(const Fault& fault);
  Result<void> clear_faults();
  /// Requests received for method and path ("" = any; a trailing * matches a prefix), oldest first.
  Result<std::vector<JournalEntry>> journal(const std::string& method = {}, const std::string& path = {});

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace fapiao::sandbox
