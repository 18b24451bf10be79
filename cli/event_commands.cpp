#include "event_commands.hpp"

#include "forwarder.hpp"

#include "core/random.hpp"

#include <fapiao/webhooks.hpp>

#include <chrono>
#include <ctime>
#include <set>
#include <thread>

namespace cli {
namespace {

std::string object_summary(const fapiao::Event& e) {
  const auto& o = e.data.object;
  if (const auto* r = o.invoice_request()) {
    std::string s = r->id + " " + std::string(r->status.wire());
    if (!r->tracking_number.empty()) s += " " + r->tracking_number;
    return s;
  }
  if (const auto* b = o.bill()) return b->id + " " + fapiao::format_yuan(b->amount_fen);
  if (const auto* t = o.support_ticket()) return t->id + " " + std::string(t->status.wire());
  if (const auto* a = o.announcement()) return a->id + " " + a->title;
  return "";
}

std::vector<std::string> event_row(const fapiao::Event& e) {
  return {e.id, std::string(e.type.wire()), fapiao::format_rfc3339(e.created_at), object_summary(e)};
}

/// The account's events newer than those seen so far, oldest first. The
/// first poll only learns what exists (returned, for `events --follow`).
class EventFeed {
 public:
  EventFeed(fapiao::Client& client, const fapiao::Session& session, fapiao::OpenEnum<fapiao::EventType> type)
      : client_(client), session_(session), type_(type) {}

  fapiao::Result<std::vector<fapiao::Event>> poll() {
    fapiao::EventQuery q;
    q.type = type_;
    q.page_size = 100;
    std::vector<fapiao::Event> fresh;
    for (auto& item : client_.list_events(session_, q)) {
      if (!item) return item.error();
      if (seen_.count(item->id) != 0) break;  // newest first: the rest were seen before
      fresh.push_back(std::move(*item));
      if (first_ && fresh.size() >= 100) break;  // the first poll shows the latest page only
    }
    first_ = false;
    for (const auto& e : fresh) seen_.insert(e.id);
    return std::vector<fapiao::Event>(fresh.rbegin(), fresh.rend());
  }

 private:
  fapiao::Client& client_;
  const fapiao::Session& session_;
  fapiao::OpenEnum<fapiao::EventType> type_;
  std::set<std::string> seen_;
  bool first_ = true;
};

fapiao::OpenEnum<fapiao::EventType> event_type(const std::string& text) {
  if (text.empty()) return {};
  const auto t = fapiao::OpenEnum<fapiao::EventType>::from_wire(text);
  if (!t.is_known()) {
    throw fapiao::validation_error({{"--type", "INVALID_VALUE", "Unknown event type '" + text + "'."}});
  }
  return t;
}

void sleep_for(double seconds) { std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long>(seconds * 1000))); }

}  // namespace

void EventCommands::add(CLI::App& app) {
  events_ = app.add_subcommand("events", "my events, newest first (--follow: new ones as they happen)");
  events_->add_option("--type", type_, "only this type, e.g. invoice_request.status_changed");
  events_->add_flag("--follow,-f", follow_, "keep polling and print new events as they arrive (Ctrl-C stops)");
  events_->add_option("--interval", interval_, "seconds between polls when following (2)");
  events_->add_option("--max-events", max_events_, "stop after this many new events (0: never)")->group("");

  listen_ = app.add_subcommand(
      "listen", "forward each new event to a local URL, signed with a local secret (develop a receiver offline)");
  listen_->add_option("--forward-to", forward_to_, "the receiver, e.g. http://127.0.0.1:8080/fapiao/events")->required();
  listen_->add_option("--events", event_types_, "only these types (comma-separated)")->delimiter(',');
  listen_->add_option("--interval", interval_, "seconds between polls (2)");
  listen_->add_option("--max-events", max_events_, "stop after this many forwarded events (0: never)")->group("");

  auto* webhooks = app.add_subcommand("webhooks", "my webhook endpoints");
  webhooks->require_subcommand(1);
  create_ = webhooks->add_subcommand("create", "register a URL for my events (prints its signing secret once)");
  create_->add_option("--url", url_, "https:// (the sandbox also takes http:// to loopback)")->required();
  create_->add_option("--events", event_types_, "types to receive, comma-separated (default: all)")->delimiter(',');
  create_->add_option("--description", description_);
  list_ = webhooks->add_subcommand("list", "my webhook endpoints");
  delete_ = webhooks->add_subcommand("delete", "remove an endpoint (its pending deliveries stop)");
  delete_->add_option("id", id_)->required();
  rotate_ = webhooks->add_subcommand("rotate", "a new signing secret; the old one keeps signing for a while");
  rotate_->add_option("id", id_)->required();
  rotate_->add_option("--expire-previous-in", overlap_, "seconds the previous secret still signs (0-604800, 86400)");
}

std::optional<int> EventCommands::run(fapiao::Client& client, const fapiao::Session& session, const Globals& g) {
  if (events_->parsed()) return follow_ ? follow_events(client, session, g) : list_events(client, session, g);
  if (listen_->parsed()) return listen(client, session, g);
  const auto endpoint_row = [](const fapiao::WebhookEndpoint& e) {
    std::string types;
    for (const auto& t : e.event_types) types += (types.empty() ? "" : ",") + t;
    return std::vector<std::string>{e.id, e.url, types, std::string(e.status.wire()), e.description};
  };
  if (create_->parsed()) {
    fapiao::NewWebhookEndpoint e;
    e.url = url_;
    e.event_types = event_types_.empty() ? std::vector<std::string>{"*"} : event_types_;
    e.description = description_;
    return print_one(client.create_webhook_endpoint(session, e), g, [](const fapiao::WebhookEndpoint& made) {
      print_fields(std::cout, {{"Endpoint", made.id}, {"URL", made.url}, {"Secret", made.secret}});
      std::cout << "Keep the secret: it is shown only now. Verify each delivery with it.\n";
    });
  }
  if (list_->parsed()) {
    return print_list(client.list_webhook_endpoints(session), g, {"ENDPOINT", "URL", "EVENTS", "STATUS", "DESCRIPTION"},
                      endpoint_row);
  }
  if (delete_->parsed()) {
    auto r = client.delete_webhook_endpoint(session, id_);
    if (!r) return report(r.error(), g);
    std::cout << (g.json ? "{}\n" : "Deleted " + id_ + ".\n");
    return kOk;
  }
  if (rotate_->parsed()) {
    fapiao::SecretRotation rotation;
    rotation.previous_secret_expires_in_seconds = overlap_;
    return print_one(client.rotate_webhook_secret(session, id_, rotation), g, [&](const fapiao::WebhookEndpoint& e) {
      print_fields(std::cout, {{"Endpoint", e.id}, {"New secret", e.secret}});
      std::cout << "The previous secret signs for " << overlap_ << " more seconds: switch your receiver now.\n";
    });
  }
  return std::nullopt;
}

int EventCommands::list_events(fapiao::Client& client, const fapiao::Session& session, const Globals& g) {
  fapiao::EventQuery q;
  q.type = event_type(type_);
  return print_list(client.list_events(session, q), g, {"EVENT", "TYPE", "CREATED", "OBJECT"}, event_row);
}

int EventCommands::follow_events(fapiao::Client& client, const fapiao::Session& session, const Globals& g) {
  EventFeed feed(client, session, event_type(type_));
  int printed = 0;
  for (;;) {
    auto fresh = feed.poll();
    if (!fresh) return report(fresh.error(), g);
    for (const auto& e : *fresh) {
      if (g.json) {
        std::cout << fapiao::to_json(e) << "\n";  // one event per line
      } else {
        const auto row = event_row(e);
        std::cout << row[0] << "  " << row[1] << "  " << row[2] << "  " << row[3] << "\n";
      }
      ++printed;
    }
    std::cout.flush();
    if (max_events_ > 0 && printed >= max_events_) return kOk;
    sleep_for(interval_);
  }
}

int EventCommands::listen(fapiao::Client& client, const fapiao::Session& session, const Globals& g) {
  if (auto ok = check_forward_url(forward_to_); !ok) return report(ok.error(), g);
  std::set<std::string> wanted;
  for (const auto& t : event_types_) {
    if (!fapiao::OpenEnum<fapiao::EventType>::from_wire(t).is_known()) {
      return report(fapiao::validation_error({{"--events", "INVALID_VALUE", "Unknown event type '" + t + "'."}}), g);
    }
    wanted.insert(t);
  }
  // A secret of this session only: the receiver verifies with it as it
  // would with an endpoint's (the service's secrets never leave the service).
  const std::string secret = "whsec_" + fapiao::detail::random_key() + fapiao::detail::random_key();
  std::cout << "Ready: forwarding new events to " << forward_to_ << "\n"
            << "Your local webhook signing secret is " << secret << "\n"
            << "(set it in your receiver; Ctrl-C stops)\n";
  std::cout.flush();
  EventFeed feed(client, session, {});
  if (auto existing = feed.poll(); !existing) return report(existing.error(), g);  // only what happens from now on
  int forwarded = 0;
  for (;;) {
    sleep_for(interval_);
    auto fresh = feed.poll();
    if (!fresh) return report(fresh.error(), g);
    for (const auto& e : *fresh) {
      if (!wanted.empty() && wanted.count(std::string(e.type.wire())) == 0) continue;
      const std::string body = fapiao::to_json(e);
      const auto now = static_cast<std::int64_t>(std::time(nullptr));
      const std::vector<std::pair<std::string, std::string>> headers{
          {"Content-Type", "application/json"},
          {"Fapiao-Event-Id", e.id},
          {"Fapiao-Event-Type", std::string(e.type.wire())},
          {std::string(fapiao::webhooks::kSignatureHeader), fapiao::webhooks::sign(body, {secret}, now)}};
      const auto status = forward(ForwardTarget{forward_to_, g.config.ca_file}, headers, body, std::chrono::seconds(10));
      std::cout << e.id << "  " << e.type.wire() << "  -> "
                << (status ? std::to_string(*status) : "failed: " + status.error().message) << "\n";
      std::cout.flush();
      if (max_events_ > 0 && ++forwarded >= max_events_) return kOk;
    }
  }
}

}  // namespace cli
