# Compiles every public header on its own, as C++17 and as C++20, and fails
# when a header does not stand alone or when any Boost, OpenSSL, Asio or JSON
# library header is reachable from it (architecture decision 1: the public
# API is standard library only).
#   cmake -DCXX=<compiler> -DINCLUDE_DIR=<include> -DWORK_DIR=<scratch> -P check_public_headers.cmake
file(GLOB_RECURSE headers RELATIVE "${INCLUDE_DIR}" "${INCLUDE_DIR}/fapiao/*.hpp")
list(LENGTH headers count)
if(count EQUAL 0)
  message(FATAL_ERROR "no public headers found under ${INCLUDE_DIR}")
endif()

set(failures "")
foreach(header IN LISTS headers)
  # Included from a one-line file, as an application would include it.
  string(MAKE_C_IDENTIFIER "${header}" stem)
  set(probe "${WORK_DIR}/${stem}.cpp")
  file(WRITE "${probe}" "#include <${header}>\n")
  foreach(std IN ITEMS c++17 c++20)
    execute_process(
      COMMAND "${CXX}" -std=${std} -fsyntax-only -H -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror
              -I "${INCLUDE_DIR}" "${probe}"
      RESULT_VARIABLE rc
      ERROR_VARIABLE trace)
    if(NOT rc EQUAL 0)
      string(APPEND failures "\n${header} does not compile alone as ${std}:\n${trace}")
      continue()
    endif()
    # -H lists every header opened, one per line, prefixed by dots.
    string(REGEX MATCHALL "[^\n]*/(boost|openssl|asio|nlohmann|sqlite3)[/.][^\n]*" leaks "${trace}")
    if(leaks)
      string(REPLACE ";" "\n  " leaks "${leaks}")
      string(APPEND failures "\n${header} (${std}) reaches third-party headers:\n  ${leaks}")
    endif()
  endforeach()
endforeach()

if(failures)
  message(FATAL_ERROR "Public header check failed:${failures}")
endif()
message(STATUS "${count} public headers compile alone as C++17 and C++20 with the standard library only")
