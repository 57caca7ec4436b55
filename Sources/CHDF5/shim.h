// libhdf5 (the serial build), for reading Keras weight files. Debian: libhdf5-dev, which puts the
// headers under hdf5/serial/. Only the ModelImport module imports this.
#include <hdf5/serial/hdf5.h>

// Macros Swift cannot see, as functions.
static inline hid_t gp_h5t_native_double(void) { H5open(); return H5T_NATIVE_DOUBLE_g; }
static inline hid_t gp_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t gp_h5s_all(void) { return H5S_ALL; }
static inline unsigned gp_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
// Silence the library's own error printing (GradPath reports one line itself).
static inline void gp_h5_quiet(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }
