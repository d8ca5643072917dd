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
    int colour;           /* JPEG: a CCODECS_COLOUR_… value; JPEG 2000: 1 when the multiple component
                             transform was applied */
    void *pixels;         /* width × height × components samples */
    size_t size;          /* bytes at `pixels` */
} ccodecs_image;

/* Releases an image's pixels (safe on a zeroed image). */
void ccodecs_image_free(ccodecs_image *image);
/* Releases a buffer returned by an encoder. */
void ccodecs_free(void *buffer);

/* Flags of ccodecs_jpeg_decode for 3-component streams. */
enum {
    /* The data set says RGB: take an unmarked stream's components as R, G, B unless a JFIF or Adobe
       marker, or the component IDs 1, 2, 3, say YCbCr (libjpeg alone would assume YCbCr). */
    CCODECS_JPEG_ASSUME_RGB = 1,
    /* Return YCbCr streams as upsampled Y, Cb, Cr samples instead of converting them to RGB. */
    CCODECS_JPEG_KEEP_YCBCR = 2
};

/* Values of ccodecs_image.colour after ccodecs_jpeg_decode. */
enum { CCODECS_COLOUR_GREY = 0, CCODECS_COLOUR_RGB = 1, CCODECS_COLOUR_YCBCR = 2 };

/* Decodes an 8-bit JPEG (baseline, extended 8-bit, progressive) with libjpeg into interleaved samples:
   grey, RGB, or (with CCODECS_JPEG_KEEP_YCBCR) full-resolution YCbCr; `colour` says which. */
int ccodecs_jpeg_decode(const uint8_t *source, size_t source_size, int flags, ccodecs_image *out,
                        char *error, size_t error_size);

/* Decodes a JPEG-LS stream with CharLS: 1 byte per sample up to 8 bits, else 2; planar when the stream's
   interleave mode is "none" and it has several components. */
int ccodecs_jpegls_decode(const uint8_t *source, size_t source_size, ccodecs_image *out, char *error,
                          size_t error_size);

/* Decodes a JPEG 2000 (or HTJ2K) codestream or JP2 file with OpenJPEG into interleaved int32 samples,
   with up to `threads` threads (values below 1 mean one). Components must share one size (no
   subsampling). */
int ccodecs_j2k_decode(const uint8_t *source, size_t source_size, int threads, ccodecs_image *out,
                       char *error, size_t error_size);

/* Encodes 8-bit grey (channels 1) or RGB (channels 3) rows, tightly packed, as PNG. `fast` writes it
   straight over zlib (one NONE/SUB/UP filter per image, deflate level 1 with Z_RLE, one IDAT): several
   times quicker than libpng, files somewhat larger; otherwise libpng's simplified API at its defaults. */
int ccodecs_png_encode(const uint8_t *pixels, int width, int height, int channels, int fast, uint8_t **out,
                       size_t *out_size, char *error, size_t error_size);

/* Decodes a PNG to 8-bit grey or RGB (alpha dropped against black, 16-bit reduced), tightly packed. */
int ccodecs_png_decode(const uint8_t *source, size_t source_size, ccodecs_image *out, char *error,
                       size_t error_size);

/* Encodes 8-bit grey or RGB rows as a baseline JPEG with TurboJPEG (4:4:4 for RGB, accurate DCT);
   quality 1…100. */
int ccodecs_jpeg_encode(const uint8_t *pixels, int width, int height, int channels, int quality,
                        uint8_t **out, size_t *out_size, char *error, size_t error_size);

/* Encodes interleaved little-endian samples (1 or 2 bytes each) as lossless JPEG-LS. On success *out
   holds a malloc'ed codestream of *out_size bytes that the caller frees with free(). */
int ccodecs_jpegls_encode(const void *pixels, size_t pixels_size, int width, int height, int components,
                          int bits_per_sample, uint8_t **out, size_t *out_size, char *error, size_t error_size);

/* Encodes interleaved integer samples as a lossless JPEG 2000 codestream (reversible wavelet, RCT for
   3 components). On success *out is a malloc'ed codestream of *out_size bytes (free with ccodecs_free). */
int ccodecs_j2k_encode(const int32_t *samples, int width, int height, int components, int precision, int is_signed,
                       uint8_t **out, size_t *out_size, char *error, size_t error_size);

#endif
