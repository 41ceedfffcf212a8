# Every dependency ends up behind one interface target, onetrans_deps, whichever route built it:
#  - Linux: Debian's packages (scripts/install-deps.sh);
#  - Windows with mingw-w64: static builds of Debian's source packages (scripts/windows-deps.sh),
#    found through the toolchain's CMAKE_FIND_ROOT_PATH;
#  - Windows with MSVC: vcpkg in manifest mode (vcpkg.json, CMakePresets.json).
find_package(Threads REQUIRED)
# ODBC driver manager (src/odbc): unixODBC (Debian unixodbc-dev) on Linux, odbc32 on Windows.
# Windows links it by name, as the other system libraries: FindODBC's full path to mingw's
# libodbc32.a made CMake wrap it in -Bstatic … -Bdynamic, and the trailing -Bdynamic pulled
# libstdc++-6.dll and libwinpthread-1.dll into OneTrans.dll's imports.
add_library(onetrans_odbc_driver_manager INTERFACE)
if(WIN32)
  target_link_libraries(onetrans_odbc_driver_manager INTERFACE odbc32)
else()
  find_package(ODBC REQUIRED)
  target_link_libraries(onetrans_odbc_driver_manager INTERFACE ODBC::ODBC)
endif()
find_path(RAPIDJSON_INCLUDE_DIR rapidjson/document.h REQUIRED)
add_library(onetrans_deps INTERFACE)
# cpp-httplib: the gateway's and the sandbox's HTTP parsing and routing (src/server).
add_library(onetrans_httplib INTERFACE)

if(NOT WIN32)
  find_package(OpenSSL 3.0 REQUIRED)
  find_package(CURL REQUIRED)
  find_package(SQLite3 REQUIRED)
  find_package(PkgConfig REQUIRED)
  find_package(spdlog REQUIRED)
  pkg_check_modules(INIH REQUIRED IMPORTED_TARGET inih)
  pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
  target_link_libraries(onetrans_deps INTERFACE OpenSSL::Crypto CURL::libcurl spdlog::spdlog PkgConfig::INIH
                                                PkgConfig::LIBZIP SQLite::SQLite3 Threads::Threads ${CMAKE_DL_LIBS})
  pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)  # Debian builds it as a library
  target_link_libraries(onetrans_httplib INTERFACE PkgConfig::HTTPLIB)
  if(ONETRANS_BUILD_TESTS)
    find_package(Catch2 2 REQUIRED)
  endif()
elseif(MINGW)
  # Everything static: the DLL must load on a bare Windows with nothing but system DLLs.
  set(OPENSSL_USE_STATIC_LIBS TRUE)
  find_package(OpenSSL 3.0 REQUIRED)
  find_package(SQLite3 REQUIRED)
  find_package(ZLIB REQUIRED)  # libzip 1.7.3's package config names ZLIB::ZLIB but does not find it
  find_package(libzip REQUIRED)
  find_path(CURL_INCLUDE_DIR curl/curl.h REQUIRED)
  find_library(CURL_STATIC_LIBRARY NAMES libcurl.a REQUIRED)
  find_path(INIH_INCLUDE_DIR ini.h REQUIRED)
  find_library(INIH_STATIC_LIBRARY NAMES libinih.a REQUIRED)
  find_path(SPDLOG_INCLUDE_DIR spdlog/spdlog.h REQUIRED)
  find_path(FMT_INCLUDE_DIR fmt/format.h REQUIRED)
  target_include_directories(onetrans_deps SYSTEM INTERFACE ${CURL_INCLUDE_DIR} ${INIH_INCLUDE_DIR} ${SPDLOG_INCLUDE_DIR}
                                                            ${FMT_INCLUDE_DIR})
  # spdlog and fmt header-only; curl linked statically against Schannel.
  target_compile_definitions(onetrans_deps INTERFACE CURL_STATICLIB FMT_HEADER_ONLY)
  target_link_libraries(onetrans_deps INTERFACE ${CURL_STATIC_LIBRARY} ${INIH_STATIC_LIBRARY} libzip::zip
                                                SQLite::SQLite3 OpenSSL::Crypto Threads::Threads
                                                secur32 crypt32 bcrypt ws2_32 advapi32 user32)
  # cpp-httplib header-only, from Debian's source package (scripts/windows-deps.sh); our own TLS.
  find_path(HTTPLIB_INCLUDE_DIR httplib.h REQUIRED)
  target_include_directories(onetrans_httplib SYSTEM INTERFACE ${HTTPLIB_INCLUDE_DIR})
  target_compile_definitions(onetrans_httplib INTERFACE _WIN32_WINNT=0x0601)
  target_link_libraries(onetrans_httplib INTERFACE ws2_32)
  if(ONETRANS_BUILD_TESTS)
    find_path(CATCH2_INCLUDE_DIR catch2/catch.hpp REQUIRED)
  endif()
else()
  # MSVC with vcpkg's packages (vcpkg.json). Not exercised by CI, which proves the mingw DLL.
  find_package(OpenSSL 3.0 REQUIRED)
  find_package(CURL CONFIG REQUIRED)
  find_package(unofficial-sqlite3 CONFIG REQUIRED)
  find_package(libzip CONFIG REQUIRED)
  find_package(spdlog CONFIG REQUIRED)
  find_path(INIH_INCLUDE_DIR ini.h REQUIRED)
  find_library(INIH_LIBRARY NAMES inih REQUIRED)
  find_package(httplib CONFIG REQUIRED)
  target_link_libraries(onetrans_httplib INTERFACE httplib::httplib)
  target_include_directories(onetrans_deps SYSTEM INTERFACE ${INIH_INCLUDE_DIR})
  target_link_libraries(onetrans_deps INTERFACE OpenSSL::Crypto CURL::libcurl unofficial::sqlite3::sqlite3 libzip::zip
                                                spdlog::spdlog ${INIH_LIBRARY} Threads::Threads)
endif()
