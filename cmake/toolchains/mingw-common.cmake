# Shared by mingw-i686.cmake and mingw-x86_64.cmake. Dependencies are looked up only in
# /usr/<triplet> and in the prefixes of scripts/windows-deps.sh (ONETRANS_WIN_PREFIXES,
# ';'-separated, from the environment so that try_compile sees it too), never on the host.
set(triplet ${CMAKE_SYSTEM_PROCESSOR}-w64-mingw32)
set(CMAKE_C_COMPILER ${triplet}-gcc-posix)
set(CMAKE_CXX_COMPILER ${triplet}-g++-posix)
set(CMAKE_RC_COMPILER ${triplet}-windres)
set(CMAKE_FIND_ROOT_PATH /usr/${triplet} $ENV{ONETRANS_WIN_PREFIXES})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Wine runs the cross-compiled tests.
set(CMAKE_CROSSCOMPILING_EMULATOR wine)
set(CMAKE_DLLTOOL ${triplet}-dlltool)
