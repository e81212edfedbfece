#ifndef PLEXUS_CGSL_SHIM_H
#define PLEXUS_CGSL_SHIM_H

// GSL's numerics backed by OpenBLAS. GSL's own CBLAS header declares the cblas_*
// functions; the module links libopenblas (not libgslcblas, GSL's slow reference
// implementation), which provides the same symbols. OpenBLAS's cblas.h is not
// included because its enum definitions clash with GSL's in one module graph.
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>

// The few OpenBLAS-specific entry points Plexus uses, declared by hand.
char *openblas_get_corename(void);
int openblas_get_num_threads(void);
void openblas_set_num_threads(int num_threads);

#endif
