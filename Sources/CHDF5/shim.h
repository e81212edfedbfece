#ifndef PLEXUS_CHDF5_SHIM_H
#define PLEXUS_CHDF5_SHIM_H

// Swift cannot import HDF5's macro constants (they expand to `*_g` globals that
// are initialised by H5open and are not concurrency-safe in Swift 6). Each one
// is returned by a static inline function instead.
#include <hdf5/serial/hdf5.h>
#include <hdf5/serial/hdf5_hl.h>

static inline hid_t plx_p_default(void) { return H5P_DEFAULT; }
static inline hid_t plx_s_all(void) { return H5S_ALL; }
static inline hsize_t plx_s_unlimited(void) { return H5S_UNLIMITED; }
static inline unsigned plx_f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned plx_f_acc_rdwr(void) { return H5F_ACC_RDWR; }
static inline unsigned plx_f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned plx_f_acc_excl(void) { return H5F_ACC_EXCL; }

static inline hid_t plx_p_file_create(void) { H5open(); return H5P_FILE_CREATE; }
static inline hid_t plx_p_file_access(void) { H5open(); return H5P_FILE_ACCESS; }
static inline hid_t plx_p_dataset_create(void) { H5open(); return H5P_DATASET_CREATE; }
static inline hid_t plx_p_group_create(void) { H5open(); return H5P_GROUP_CREATE; }
static inline hid_t plx_p_link_create(void) { H5open(); return H5P_LINK_CREATE; }

static inline hid_t plx_native_int8(void) { H5open(); return H5T_NATIVE_INT8; }
static inline hid_t plx_native_uint8(void) { H5open(); return H5T_NATIVE_UINT8; }
static inline hid_t plx_native_int16(void) { H5open(); return H5T_NATIVE_INT16; }
static inline hid_t plx_native_uint16(void) { H5open(); return H5T_NATIVE_UINT16; }
static inline hid_t plx_native_int32(void) { H5open(); return H5T_NATIVE_INT32; }
static inline hid_t plx_native_uint32(void) { H5open(); return H5T_NATIVE_UINT32; }
static inline hid_t plx_native_int64(void) { H5open(); return H5T_NATIVE_INT64; }
static inline hid_t plx_native_uint64(void) { H5open(); return H5T_NATIVE_UINT64; }
static inline hid_t plx_native_float(void) { H5open(); return H5T_NATIVE_FLOAT; }
static inline hid_t plx_native_double(void) { H5open(); return H5T_NATIVE_DOUBLE; }
static inline hid_t plx_c_s1(void) { H5open(); return H5T_C_S1; }

/// Standard little-endian file types, so a store is byte-identical on every host.
static inline hid_t plx_std_i8le(void) { H5open(); return H5T_STD_I8LE; }
static inline hid_t plx_std_u8le(void) { H5open(); return H5T_STD_U8LE; }
static inline hid_t plx_std_i16le(void) { H5open(); return H5T_STD_I16LE; }
static inline hid_t plx_std_u16le(void) { H5open(); return H5T_STD_U16LE; }
static inline hid_t plx_std_i32le(void) { H5open(); return H5T_STD_I32LE; }
static inline hid_t plx_std_u32le(void) { H5open(); return H5T_STD_U32LE; }
static inline hid_t plx_std_i64le(void) { H5open(); return H5T_STD_I64LE; }
static inline hid_t plx_std_u64le(void) { H5open(); return H5T_STD_U64LE; }
static inline hid_t plx_ieee_f32le(void) { H5open(); return H5T_IEEE_F32LE; }
static inline hid_t plx_ieee_f64le(void) { H5open(); return H5T_IEEE_F64LE; }

static inline size_t plx_variable(void) { return H5T_VARIABLE; }
static inline hid_t plx_std_ref_obj(void) { H5open(); return H5T_STD_REF_OBJ; }

/// Silences HDF5's own error printing; Plexus reports errors itself with file and dataset names.
static inline void plx_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

/// Collects the innermost HDF5 error message into `buffer` (empty if none).
static inline void plx_last_error(char *buffer, size_t size);

typedef struct { char *buffer; size_t size; } plx_error_sink;

static inline herr_t plx_error_walker(unsigned n, const H5E_error2_t *err, void *data) {
    plx_error_sink *sink = (plx_error_sink *)data;
    if (err && err->desc && sink->size > 0) {
        // Keep the innermost (last walked with H5E_WALK_UPWARD is outermost) description.
        if (n == 0) { snprintf(sink->buffer, sink->size, "%s", err->desc); }
    }
    return 0;
}

static inline void plx_last_error(char *buffer, size_t size) {
    if (size == 0) return;
    buffer[0] = 0;
    plx_error_sink sink = { buffer, size };
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, plx_error_walker, &sink);
    H5Eclear2(H5E_DEFAULT);
}

#endif
