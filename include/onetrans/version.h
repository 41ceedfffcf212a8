/*
 * OneTrans version, for compile-time checks (like libcurl's curlver.h). The library's
 * version at run time is OneTrans_Version() / OneTrans_VersionNumber(); a host built against
 * one header may load a newer library of the same major version (docs/ABI.md).
 *
 *   #if ONETRANS_AT_LEAST_VERSION(1, 1, 0)
 *     ... use OneTrans_GatewayStart ...
 *   #endif
 *
 * This file is the single source of the version: CMakeLists.txt reads it.
 */
#ifndef ONETRANS_VERSION_H
#define ONETRANS_VERSION_H

#define ONETRANS_VERSION_MAJOR 1
#define ONETRANS_VERSION_MINOR 1
#define ONETRANS_VERSION_PATCH 0
#define ONETRANS_VERSION "1.1.0"

/* 0xXXYYZZ: major, minor, patch as two hex digits each (1.2.3 -> 0x010203). */
#define ONETRANS_VERSION_NUM \
  ((ONETRANS_VERSION_MAJOR << 16) | (ONETRANS_VERSION_MINOR << 8) | ONETRANS_VERSION_PATCH)

/* True when the header is at least version x.y.z. */
#define ONETRANS_AT_LEAST_VERSION(x, y, z) (ONETRANS_VERSION_NUM >= (((x) << 16) | ((y) << 8) | (z)))

#endif /* ONETRANS_VERSION_H */
