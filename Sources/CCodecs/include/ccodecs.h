#ifndef DICOM_CONSOLE_CCODECS_H
#define DICOM_CONSOLE_CCODECS_H
/* C shims over Debian's codec libraries (libjpeg-turbo, libpng, OpenJPEG, CharLS), with plain
   error-code APIs that Swift can call (no setjmp/longjmp crossing into Swift). No library header is
   included here, so the Swift side needs none of their include paths.

   Every function returns 0 on success and a negative value on failure, with a NUL-terminated message
   written to `error` (at most `error_size` bytes). Buffers handed back to the caller were allocated
   with malloc: release images with ccodecs_image_free and byte buffers with ccodecs_free. */
#include <stddef.h>
#include <stdint.h>

/* Version of this shim API. */
int ccodecs_version(void);

/* A decoded image as a codec returns it. */
typedef struct {
    int width;            /* columns */
    int height;           /* rows */
    int components;       /* samples per pixel */
    int precision;        /* significant bits per sample, as the codestream declares */
    int is_signed;        /* 1 when the codestream declares signed samples (JPEG 2000 only) */
    int bytes_per_sample; /* 1 (uint8), 2 (uint16) or 4 (int32, JPEG 2000) */
    int is_planar;        /* 1 when all samples of component 0 come first, then component 1, … */
    int colour;           /* JPEG: the stream's colour space (J_COLOR_SPACE value) before conversion to
                             RGB; JPEG 2000: 1 when the multiple component transform was applied */
    void *pixels;         /* width × height × components samples */
    size_t size;          /* bytes at `pixels` */
} ccodecs_image;

/* Releases an image's pixels (safe on a zeroed image). */
void ccodecs_image_free(ccodecs_image *image);
/* Releases a buffer returned by an encoder. */
void ccodecs_free(void *buffer);

/* How the JPEG decoder chooses the stream's colour space for 3-component data. */
enum {
    CCODECS_JPEG_COLOUR_AUTO = 0,   /* libjpeg's rules: JFIF/Adobe markers and component IDs */
    CCODECS_JPEG_COLOUR_RGB_UNLESS_MARKED = 1 /* the data set says RGB: take the components as R, G, B
                                                 unless a JFIF or Adobe marker, or component IDs 1,2,3,
                                                 say the stream is YCbCr */
};

/* Decodes an 8-bit JPEG (baseline, extended 8-bit, progressive) with libjpeg. Three-component output is
   RGB, interleaved; one component stays grey. */
int ccodecs_jpeg_decode(const uint8_t *source, size_t source_size, int colour_mode, ccodecs_image *out,
                        char *error, size_t error_size);

/* Decodes a JPEG-LS stream with CharLS: 1 byte per sample up to 8 bits, else 2; planar when the stream's
   interleave mode is "none" and it has several components. */
int ccodecs_jpegls_decode(const uint8_t *source, size_t source_size, ccodecs_image *out, char *error,
                          size_t error_size);

/* Decodes a JPEG 2000 (or HTJ2K) codestream or JP2 file with OpenJPEG into interleaved int32 samples.
   Components must share one size (no subsampling). */
int ccodecs_j2k_decode(const uint8_t *source, size_t source_size, ccodecs_image *out, char *error,
                       size_t error_size);

/* Encodes 8-bit grey (channels 1) or RGB (channels 3) rows, tightly packed, as PNG with libpng's
   simplified API. */
int ccodecs_png_encode(const uint8_t *pixels, int width, int height, int channels, uint8_t **out,
                       size_t *out_size, char *error, size_t error_size);

/* Decodes a PNG to 8-bit grey or RGB (alpha dropped against black, 16-bit reduced), tightly packed. */
int ccodecs_png_decode(const uint8_t *source, size_t source_size, ccodecs_image *out, char *error,
                       size_t error_size);

/* Encodes 8-bit grey or RGB rows as a baseline JPEG with TurboJPEG (4:4:4 for RGB, accurate DCT);
   quality 1…100. */
int ccodecs_jpeg_encode(const uint8_t *pixels, int width, int height, int channels, int quality,
                        uint8_t **out, size_t *out_size, char *error, size_t error_size);

#endif
