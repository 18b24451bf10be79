// Idempotency keys and client request ids: unpredictable, never repeated,
// not even by a fork()ed child (pre-fork servers, Python multiprocessing).
#include "core/random.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>

namespace fapiao::detail {
namespace {

TEST(RandomKey, Has128BitsAsHex) {
  const std::string key = random_key();
  EXPECT_EQ(key.size(), 32u);
  EXPECT_EQ(key.find_first_not_of("0123456789abcdef"), std::string::npos) << key;
}

TEST(RandomKey, AMillionKeysHaveNoDuplicate) {
  constexpr std::size_t kCount = 1'000'000;
  std::unordered_set<std::string> seen;
  seen.reserve(kCount);
  for (std::size_t i = 0; i < kCount; ++i) ASSERT_TRUE(seen.insert(random_key()).second) << "repeated after " << i;
}

// The defect this pins: a PRNG seeded once per thread is copied by fork(),
// so parent and child drew the same "random" keys.
TEST(RandomKey, AForkedChildNeverRepeatsItsParentsKeys) {
  constexpr int kPerProcess = 1000;
  (void)random_key();  // any per-process state is created before the fork
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(pipe_fds[0]);
    std::string out;
    for (int i = 0; i < kPerProcess; ++i) out += random_key() + "\n";
    const bool written = ::write(pipe_fds[1], out.data(), out.size()) == static_cast<ssize_t>(out.size());
    ::_exit(written ? 0 : 1);
  }
  ::close(pipe_fds[1]);
  std::vector<std::string> parent_keys;
  for (int i = 0; i < kPerProcess; ++i) parent_keys.push_back(random_key());
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
  ::close(pipe_fds[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  std::unordered_set<std::string> child_keys;
  for (std::size_t start = 0, nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) {
    child_keys.insert(text.substr(start, nl - start));
  }
  ASSERT_EQ(child_keys.size(), static_cast<std::size_t>(kPerProcess));
  for (const auto& key : parent_keys) EXPECT_EQ(child_keys.count(key), 0u) << "parent and child both drew " << key;
}

}  // namespace
}  // namespace fapiao::detail
