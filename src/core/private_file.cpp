#include "core/private_file.hpp"

#include "core/random.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>
#include <system_error>

namespace fapiao::detail {
namespace {

[[noreturn]] void fail(int error, const std::string& what) { throw std::system_error(error, std::generic_category(), what); }

std::string octal(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

void fsync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // the rename is done; durability of the entry is best effort here
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, std::string_view content, mode_t mode) {
  const std::filesystem::path dir = path.parent_path();
  // Appended piece by piece: GCC 12 at -O3 warns falsely (-Wrestrict) on "." + string.
  std::string temp_name = ".";
  temp_name += path.filename().string();
  temp_name += '.';
  temp_name += random_key().substr(0, 12);
  temp_name += ".tmp";
  const std::filesystem::path temp = dir / temp_name;
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) fail(errno, "cannot create " + temp.string());
  const auto abandon = [&](int error, const std::string& what) {
    ::close(fd);
    ::unlink(temp.c_str());
    fail(error, what);
  };
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      abandon(errno, "cannot write " + temp.string());
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) abandon(errno, "cannot flush " + temp.string());
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    fail(error, "cannot close " + temp.string());
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    fail(error, "cannot write " + path.string());
  }
  fsync_directory(dir);
}

void ensure_private_directory(const std::filesystem::path& dir, bool require_private) {
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0) {
    if (errno != ENOENT) fail(errno, "cannot inspect " + dir.string());
    if (dir.has_parent_path() && dir.parent_path() != dir) {
      std::error_code ec;
      std::filesystem::create_directories(dir.parent_path(), ec);
      if (ec) fail(ec.value(), "cannot create " + dir.parent_path().string());
    }
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) fail(errno, "cannot create " + dir.string());
    if (::lstat(dir.c_str(), &st) != 0) fail(errno, "cannot inspect " + dir.string());
  }
  if (S_ISLNK(st.st_mode)) fail(ELOOP, dir.string() + " is a symbolic link; give the real directory");
  if (!S_ISDIR(st.st_mode)) fail(ENOTDIR, dir.string() + " is not a directory");
  if (st.st_uid != ::geteuid()) {
    fail(EPERM, dir.string() + " belongs to another user (uid " + std::to_string(st.st_uid) +
                    "); refusing to keep secrets there");
  }
  if (require_private && (st.st_mode & 077) != 0) {
    fail(EPERM, dir.string() + " can be read by other users (mode " + octal(st.st_mode) +
                    "); make it private first: chmod 700 " + dir.string());
  }
}

}  // namespace fapiao::detail
