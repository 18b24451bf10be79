// Files that hold secrets or customers' data, written so that nobody else
// can read them at any moment and a crash never leaves half a file: the
// sandbox's data directory and the CLI's session and downloads use these.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string_view>

namespace fapiao::detail {

/// Writes `content` to `path` atomically: a temporary file in the same
/// directory is created exclusively (O_CREAT|O_EXCL|O_NOFOLLOW, so no
/// symlink or existing file is ever followed) with `mode` from the start,
/// written in full, fsynced, renamed over `path`, and the directory fsynced.
/// Nothing is left behind on failure. Throws std::system_error naming the
/// file and the reason (a full disk, a missing directory, no permission).
void write_file_atomically(const std::filesystem::path& path, std::string_view content, mode_t mode = 0600);

/// Creates `dir` with mode 0700 if it is missing (parents as needed). Throws
/// std::system_error when it exists but is not a directory, is a symlink, or
/// belongs to another user; with `require_private`, also when group or
/// others may enter it (mode & 077): the caller keeps secrets there.
void ensure_private_directory(const std::filesystem::path& dir, bool require_private);

}  // namespace fapiao::detail
