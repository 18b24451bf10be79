// Client::Impl: runs an operation's request (client/requests.hpp) through
// the pipeline and reads the answer, blocking (Client) or not (AsyncClient).
// Both paths share the reading below, the pipeline and the transport.
#pragma once

#include "client/requests.hpp"
#include "json/codec.hpp"
#include "pipeline/pipeline.hpp"

#include <fapiao/async_client.hpp>
#include <fapiao/client.hpp>

namespace fapiao {

namespace detail {

/// Reads a 2xx answer into T: JSON for models, nothing for void.
template <typename T>
Result<T> read_answer(const ApiCall& api, HttpResponse&& response) {
  auto decoded = json::decode<T>(response.body);
  if (!decoded) {
    Error error = decoded.error();
    error.message = "The service's answer to " + api.method + " " + api.target + " could not be read: " + error.message;
    error.http_status = response.status;
    error.request_id = response.header("request-id");
    return error;
  }
  return decoded;
}

template <>
inline Result<void> read_answer<void>(const ApiCall&, HttpResponse&&) {
  return {};
}

}  // namespace detail

struct Client::Impl : std::enable_shared_from_this<Client::Impl> {
  Impl(ClientOptions options, std::shared_ptr<Transport> transport, detail::PipelineHooks hooks = {});

  /// Sends `api` (or returns its validation error) and reads the answer with `read`.
  template <typename T, typename Read>
  Result<T> run(detail::requests::Call api, const CallOptions& call_options, Read read) const {
    if (!api) return api.error();
    if (setup_error) return *setup_error;
    auto response = pipeline->execute(*api, call_options);
    if (!response) return response.error();
    return read(*api, std::move(*response));
  }

  template <typename T>
  Result<T> call(detail::requests::Call api, const CallOptions& call_options) const {
    return run<T>(std::move(api), call_options, &detail::read_answer<T>);
  }

  /// The same without blocking: the Async completes on the I/O thread, or
  /// through options.completion_executor when one is set.
  template <typename T, typename Read>
  Async<T> run_async(detail::requests::Call api, const CallOptions& call_options, Read read) const {
    auto state = std::make_shared<detail::AsyncState<T>>();
    if (!api || setup_error) {
      state->complete(!api ? api.error() : *setup_error);
      return Async<T>(state);
    }
    auto self = shared_from_this();  // the call keeps the client's pool and pipeline alive
    auto shared_api = std::make_shared<detail::ApiCall>(std::move(*api));
    pipeline->execute_async(*shared_api, call_options,
                            [self, state, shared_api, read](Result<HttpResponse> response) mutable {
      auto result = std::make_shared<Result<T>>(response ? read(*shared_api, std::move(*response))
                                                         : Result<T>(response.error()));
      // The client is let go before the caller's completion runs, so that the
      // caller's last reference, not this I/O thread, destroys it.
      auto executor = self->options.completion_executor;
      self.reset();
      if (executor) {
        executor([state, result] { state->complete(std::move(*result)); });
      } else {
        state->complete(std::move(*result));
      }
    });
    return Async<T>(state);
  }

  template <typename T>
  Async<T> call_async(detail::requests::Call api, const CallOptions& call_options) const {
    return run_async<T>(std::move(api), call_options, &detail::read_answer<T>);
  }

  template <typename T>
  Pager<T> pager(const Session& session, detail::requests::List list, const CallOptions& call_options,
                 std::function<std::string(const T&)> id_of) const;

  template <typename T>
  AsyncPager<T> async_pager(const Session& session, detail::requests::List list, const CallOptions& call_options,
                            std::function<std::string(const T&)> id_of) const;

  std::shared_ptr<detail::Logger> logger;
  std::shared_ptr<detail::Pipeline> pipeline;
  std::optional<Error> setup_error;  // a bad endpoint or CA file, reported by every call
  ClientOptions options;
};

}  // namespace fapiao
