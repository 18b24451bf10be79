// Text on its way into a log line. A value from the network (a path, a
// header, a server's message) may carry line breaks or terminal escapes that
// would forge log lines or repaint a terminal: every log line passes here.
#pragma once

#include <string>
#include <string_view>

namespace fapiao::detail {

/// `text` with every control character (C0, DEL, and the C1 range encoded as
/// UTF-8 U+0080–U+009F) written as \xNN, and backslash as \\; other UTF-8
/// (Chinese text) is kept as it is. The result is one line.
std::string printable(std::string_view text);

}  // namespace fapiao::detail
