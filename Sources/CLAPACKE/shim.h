// LAPACKE (SVD, eigenvalues, QR) and OpenBLAS's CBLAS (matrix products, thread control).
// Debian: liblapacke-dev, libopenblas-dev. Only the LinearAlgebra module imports this.
#include <lapacke.h>
#include <cblas.h>

// `lapack_int` is a macro Swift cannot see; give it a name Swift can use.
typedef lapack_int gp_lapack_int;
