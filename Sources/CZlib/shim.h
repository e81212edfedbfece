#ifndef PLEXUS_CZLIB_SHIM_H
#define PLEXUS_CZLIB_SHIM_H
// zlib, for PNG images (deflate and CRC-32).
#include <zlib.h>
#endif
