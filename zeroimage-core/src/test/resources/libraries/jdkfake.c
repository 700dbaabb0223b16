/* A stand-in for a JDK library (libawt.so): it needs libz.so.1 of its own. */
#include <zlib.h>
const char *jdkfake_zlib_version(void) { return zlibVersion(); }
