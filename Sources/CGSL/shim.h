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

// LAPACK routines from OpenBLAS (Fortran calling convention: every argument by pointer,
// column-major storage; gfortran appends a hidden size_t length per character argument),
// declared by hand for the same reason as above.
#include <stddef.h>
void dgesdd_(const char *jobz, const int *m, const int *n, double *a, const int *lda, double *s,
             double *u, const int *ldu, double *vt, const int *ldvt, double *work, const int *lwork,
             int *iwork, int *info, size_t jobz_len);
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info, size_t uplo_len);
void dpotri_(const char *uplo, const int *n, double *a, const int *lda, int *info, size_t uplo_len);
void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
             double *work, const int *lwork, int *iwork, const int *liwork, int *info,
             size_t jobz_len, size_t uplo_len);
void dgesv_(const int *n, const int *nrhs, double *a, const int *lda, int *ipiv, double *b, const int *ldb,
            int *info);
void dgeev_(const char *jobvl, const char *jobvr, const int *n, double *a, const int *lda, double *wr, double *wi,
            double *vl, const int *ldvl, double *vr, const int *ldvr, double *work, const int *lwork, int *info,
            size_t jobvl_len, size_t jobvr_len);

#endif
