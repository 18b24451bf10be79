// fapiao: the SDK's version, at compile time and at run time.
#pragma once

#define FAPIAO_VERSION_MAJOR 0
#define FAPIAO_VERSION_MINOR 1
#define FAPIAO_VERSION_PATCH 0
#define FAPIAO_VERSION_STRING "0.1.0"

namespace fapiao {

/// The version of the library actually linked (may differ from the header's
/// FAPIAO_VERSION_STRING when an application is built against other headers).
const char* version() noexcept;

}  // namespace fapiao
