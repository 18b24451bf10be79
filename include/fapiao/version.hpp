// fapiao: the SDK's version, at compile time and at run time.
#pragma once

#include <fapiao/version.h>

namespace fapiao {

/// The version of the library actually linked (may differ from the header's
/// FAPIAO_VERSION_STRING when an application is built against other headers).
const char* version() noexcept;

}  // namespace fapiao
