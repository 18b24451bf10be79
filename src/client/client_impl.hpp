// Client::Impl: builds each endpoint's request, runs it through the
// pipeline and decodes the answer.
#pragma once

#include "json/codec.hpp"
#include "pipeline/pipeline.hpp"

#include <fapiao/client.hpp>

namespace fapiao {

struct Client::Impl : std::enable_shared_from_this<Client::Impl> {
  Impl(ClientOptions options, std::shared_ptr<Transport> transport, detail::PipelineHooks hooks = {});

  /// Sends and decodes a JSON answer into T.
  template <typename T>
  Result<T> call(const detail::ApiCall& api, const CallOptions& call_options) const {
    if (setup_error) return *setup_error;
    auto response = pipeline->execute(api, call_options);
    if (!response) return response.error();
    auto decoded = detail::json::decode<T>(response->body);
    if (!decoded) {
      Error error = decoded.error();
      error.message = "The service's answer to " + api.method + " " + api.target + " could not be read: " + error.message;
      error.http_status = response->status;
      error.request_id = response->header("request-id");
      return error;
    }
    return decoded;
  }

  /// Sends a call whose answer carries nothing the caller needs.
  Result<void> call_void(const detail::ApiCall& api, const CallOptions& call_options) const;

  template <typename T>
  Pager<T> pager(const Session* session, std::string path, std::string query, int page_size,
                 const CallOptions& call_options, std::function<std::string(const T&)> id_of) const;

  std::shared_ptr<detail::Logger> logger;
  std::shared_ptr<detail::Pipeline> pipeline;
  std::optional<Error> setup_error;  // a bad endpoint or CA file, reported by every call
  ClientOptions options;
};

}  // namespace fapiao
