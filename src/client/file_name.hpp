// The file name a download may be saved under, from the server's
// Content-Disposition (RFC 6266). The server is not trusted with the path.
#pragma once

#include <string>
#include <string_view>

namespace fapiao::detail {

/// The file name in a Content-Disposition value (`filename*=UTF-8''…`
/// preferred over `filename=`, quoted or not), reduced to a safe base name:
/// no directories (either slash), no control or reserved characters
/// (<>:"|?*), no leading dots or spaces, at most 255 bytes. `fallback` (made
/// safe the same way) when nothing usable is left.
std::string safe_file_name(std::string_view content_disposition, std::string_view fallback);

/// `name` reduced to a safe base name as above; "" when nothing is left.
std::string safe_base_name(std::string_view name);

}  // namespace fapiao::detail
