// fapiao::testing (CMake target): a GoogleMock mock of the Transport under
// fapiao::Client, so a portal can unit-test its own code without a network.
//
//   auto transport = std::make_shared<fapiao::mocks::MockTransport>();
//   EXPECT_CALL(*transport, send(RequestTo("GET", "/v1/bills?limit=20"), testing::_))
//       .WillOnce(testing::Return(fapiao::mocks::json_response(200, R"({"data":[],"has_more":false})")));
//   fapiao::Client client(options, transport);
#pragma once

#include <fapiao/http.hpp>

#include <gmock/gmock.h>

#include <string>

namespace fapiao::mocks {

class MockTransport : public Transport {
 public:
  MOCK_METHOD(Result<HttpResponse>, send, (const HttpRequest& request, const TransportCall& call), (override));
};

/// A response as the service would send it, with a Request-Id.
inline Result<HttpResponse> json_response(int status, std::string body, std::string request_id = "req_mock") {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json"}, {"Request-Id", std::move(request_id)}};
  r.body = std::move(body);
  return r;
}

/// An error response in the service's shape.
inline Result<HttpResponse> error_response(int status, const std::string& code, const std::string& message = "mock") {
  return json_response(status, R"({"error":{"code":")" + code + R"(","message":")" + message +
                                   R"(","request_id":"req_mock","retryable":false,"details":{}}})");
}

/// Matches a request by method and target (path and query).
MATCHER_P2(RequestTo, method, target, "") { return arg.method == method && arg.target == target; }

}  // namespace fapiao::mocks
