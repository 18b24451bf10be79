// What every command of the fapiao CLI shares: the exit codes, the global
// options, and how results and errors are printed (tables for people,
// --json for scripts).
#pragma once

#include "config.hpp"
#include "output.hpp"

#include <fapiao/fapiao.hpp>

#include <boost/json.hpp>

#include <iostream>
#include <string>
#include <vector>

namespace cli {

enum Exit { kOk = 0, kInternal = 1, kUsage = 2, kValidation = 3, kService = 4, kNetwork = 5 };

struct Globals {
  Config config;
  bool json = false;
  double timeout = 60;
};

inline int exit_code_for(const fapiao::Error& e) {
  switch (e.code) {
    case fapiao::ErrorCode::invalid_argument:
    case fapiao::ErrorCode::rejected: return kValidation;
    case fapiao::ErrorCode::transport:
    case fapiao::ErrorCode::tls:
    case fapiao::ErrorCode::timeout: return kNetwork;
    case fapiao::ErrorCode::internal: return kInternal;
    default: return kService;
  }
}

inline int report(const fapiao::Error& e, const Globals& g) {
  if (g.json) {  // built by the JSON encoder: a message or code with quotes or line breaks stays valid JSON
    boost::json::object error;
    error["code"] = std::string(fapiao::to_string(e.code));
    error["message"] = e.message;
    error["service_code"] = e.service_code;
    error["http_status"] = e.http_status;
    error["request_id"] = e.request_id;
    boost::json::array fields;
    for (const auto& f : e.field_errors) fields.push_back(boost::json::parse(fapiao::to_json(f)));
    error["fields"] = std::move(fields);
    std::cout << boost::json::serialize(boost::json::object{{"error", std::move(error)}}) << "\n";
  }
  std::cerr << "error: " << e.describe() << "\n";
  return exit_code_for(e);
}

template <typename T, typename Row>
int print_list(fapiao::Pager<T> pager, const Globals& g, std::vector<std::string> header, Row row) {
  Table table(std::move(header));
  std::vector<std::string> json;
  for (const auto& item : pager) {
    if (!item) return report(item.error(), g);
    if (g.json) {
      json.push_back(fapiao::to_json(*item));
    } else {
      table.add(row(*item));
    }
  }
  if (g.json) {
    std::cout << "[";
    for (std::size_t i = 0; i < json.size(); ++i) std::cout << (i ? "," : "") << json[i];
    std::cout << "]\n";
  } else {
    table.print(std::cout);
  }
  return kOk;
}

template <typename T, typename Human>
int print_one(const fapiao::Result<T>& r, const Globals& g, Human human) {
  if (!r) return report(r.error(), g);
  if (g.json) {
    std::cout << fapiao::to_json(*r) << "\n";
  } else {
    human(*r);
  }
  return kOk;
}

}  // namespace cli
