#ifndef DICOM_CONSOLE_CZLIB_SHIM_H
#define DICOM_CONSOLE_CZLIB_SHIM_H
#include <zlib.h>

/* deflateInit2/inflateInit2 are macros in zlib.h; Swift cannot call them, so wrap them. */
static inline int czlib_inflate_init_raw(z_stream *s) {
    return inflateInit2(s, -MAX_WBITS);
}
static inline int czlib_inflate_init_zlib(z_stream *s) {
    return inflateInit2(s, MAX_WBITS);
}
static inline int czlib_deflate_init_raw(z_stream *s, int level) {
    return deflateInit2(s, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
}
#endif
