# Warning flags shared by every target the project compiles itself.
# Third-party headers come in as SYSTEM includes, so they never trip these.
function(fapiao_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow)
  if(FAPIAO_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
