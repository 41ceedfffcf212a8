# Our own code builds warning-free; third-party headers come in as system headers.
function(onetrans_warnings target)
  if(MSVC)
    # /utf-8: the sources and their Chinese messages are UTF-8, whatever the build machine's code page.
    # No /WX: CI proves the mingw-w64 build with -Werror; the MSVC route is not built there.
    target_compile_options(${target} PRIVATE /W4 /utf-8 /wd4100)
    return()
  endif()
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wno-missing-field-initializers)
  if(ONETRANS_SANITIZE)
    # GCC 12 reports false maybe-uninitialized warnings inside libstdc++ (std::regex,
    # std::function) once sanitizer instrumentation changes inlining.
    target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
  endif()
endfunction()
