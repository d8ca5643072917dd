#ifndef DICOM_CONSOLE_CCODECS_INTERNAL_H
#define DICOM_CONSOLE_CCODECS_INTERNAL_H
/* Helpers shared by the shim files (not part of the public header). */
#include <stddef.h>
#include <stdint.h>

/* Writes a printf-style message into `error` (when not NULL) and returns -1. */
int ccodecs_fail(char *error, size_t error_size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* The largest filtered image (rows times one filter byte plus a row) the fast PNG writer takes in one
   deflate call; larger images go through libpng. */
#define CCODECS_PNG_FAST_LIMIT ((size_t)1 << 30)

/* PNG straight over zlib: one cheap filter per image, deflate level 1 with Z_RLE, one IDAT (png_fast.c). */
int ccodecs_png_encode_fast(const uint8_t *pixels, int width, int height, int channels, uint8_t **out,
                            size_t *out_size, char *error, size_t error_size);

#endif
