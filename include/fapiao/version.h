/* fapiao: the version, in one place. C and C++ both read this file; CMake,
 * the Python package and the CLI take the version from it too. */
#ifndef FAPIAO_VERSION_H
#define FAPIAO_VERSION_H

#define FAPIAO_VERSION_MAJOR 0
#define FAPIAO_VERSION_MINOR 1
#define FAPIAO_VERSION_PATCH 0
#define FAPIAO_VERSION_STRING "0.1.0"

#endif /* FAPIAO_VERSION_H */
