// Endpoint and proxy selection (no network).
#include "transport/https_transport.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace fapiao {
namespace {

using detail::choose_proxy;
using detail::parse_https_endpoint;

TEST(Endpoint, Parses) {
  auto e = parse_https_endpoint("https://fapiao.example.cn");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->host, "fapiao.example.cn");
  EXPECT_EQ(e->port, "443");
  e = parse_https_endpoint("HTTPS://127.0.0.1:8443/");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->port, "8443");
  e = parse_https_endpoint("https://[::1]:9443");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->host, "::1");
  for (const char* bad : {"http://x", "x:443", "https://", "https://h:port", "https://h/v1"}) {
    EXPECT_FALSE(parse_https_endpoint(bad)) << bad;
  }
}

TEST(Proxy, ExplicitWinsAndEnvironmentHonoursNoProxy) {
  ClientOptions o;
  o.proxy = "http://proxy.corp:3128";
  auto p = choose_proxy(o, "fapiao.example");
  ASSERT_TRUE(p && *p);
  EXPECT_EQ((*p)->host, "proxy.corp");
  EXPECT_EQ((*p)->port, "3128");

  ClientOptions env_only;
  setenv("HTTPS_PROXY", "http://user:pw@envproxy:8080/", 1);
  setenv("NO_PROXY", "localhost, .internal.cn,10.0.0.1:443", 1);
  auto q = choose_proxy(env_only, "fapiao.example");
  ASSERT_TRUE(q && *q);
  EXPECT_EQ((*q)->host, "envproxy");
  EXPECT_EQ((*q)->port, "8080");
  for (const char* direct : {"localhost", "api.internal.cn", "internal.cn", "10.0.0.1"}) {
    auto d = choose_proxy(env_only, direct);
    ASSERT_TRUE(d);
    EXPECT_FALSE(*d) << direct;
  }
  env_only.use_environment_proxy = false;
  EXPECT_FALSE(*choose_proxy(env_only, "fapiao.example"));
  unsetenv("HTTPS_PROXY");
  unsetenv("NO_PROXY");
  EXPECT_FALSE(*choose_proxy(ClientOptions{}, "fapiao.example"));
  ClientOptions socks;
  socks.proxy = "socks5://p:1080";
  EXPECT_FALSE(choose_proxy(socks, "x"));
}

TEST(Authority, BracketsIpv6LiteralsInHostAndConnect) {
  EXPECT_EQ(detail::host_authority("::1", "8443", false), "[::1]:8443");
  EXPECT_EQ(detail::host_authority("::1", "443", true), "[::1]");
  EXPECT_EQ(detail::host_authority("fe80::1%eth0", "443", false), "[fe80::1%eth0]:443");
  EXPECT_EQ(detail::host_authority("fapiao.example", "443", true), "fapiao.example");
  EXPECT_EQ(detail::host_authority("127.0.0.1", "8443", true), "127.0.0.1:8443");
}

TEST(Proxy, CredentialsAreDecodedForProxyAuthorizationAndNeverShown) {
  ClientOptions o;
  o.proxy = "http://fapiao%40corp:p%3Ass@proxy.corp:3128";
  auto p = choose_proxy(o, "fapiao.example");
  ASSERT_TRUE(p && *p);
  EXPECT_EQ((*p)->host, "proxy.corp");
  EXPECT_EQ((*p)->port, "3128");
  EXPECT_EQ((*p)->credentials, "ZmFwaWFvQGNvcnA6cDpzcw==");  // base64("fapiao@corp:p:ss")
  o.proxy = "http://[::1]:3128";
  p = choose_proxy(o, "x");
  ASSERT_TRUE(p && *p);
  EXPECT_EQ((*p)->host, "::1");
  EXPECT_TRUE((*p)->credentials.empty());
  for (const char* bad : {"socks5://user:s3cret@p:1080", "http://user:s3cret%zz@p:1", "http://user:s3cret@:1",
                          "http://user:s3cret@p:port"}) {
    ClientOptions b;
    b.proxy = bad;
    auto r = choose_proxy(b, "x");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().message.find("s3cret"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("***@"), std::string::npos) << r.error().message;
  }
}

}  // namespace
}  // namespace fapiao
