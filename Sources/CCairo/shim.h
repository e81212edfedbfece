#ifndef PLEXUS_CCAIRO_SHIM_H
#define PLEXUS_CCAIRO_SHIM_H

// cairo draws the PNG versions of plots (antialiased lines, real fonts through fontconfig),
// from the same list of marks as the SVGs.
#include <cairo.h>

#endif
