/* PNG through libpng's simplified API (status codes, no setjmp needed); fast writes go to png_fast.c. */
#include "ccodecs.h"
#include "ccodecs_internal.h"

#include <stdlib.h>
#include <string.h>
#include <png.h>

int ccodecs_png_encode(const uint8_t *pixels, int width, int height, int channels, int fast, uint8_t **out,
                       size_t *out_size, char *error, size_t error_size) {
    *out = NULL;
    *out_size = 0;
    if (width <= 0 || height <= 0 || (channels != 1 && channels != 3)) {
        return ccodecs_fail(error, error_size, "PNG: cannot write %dx%d with %d channels", width, height, channels);
    }
    if (fast && (size_t)height * ((size_t)width * (size_t)channels + 1) <= CCODECS_PNG_FAST_LIMIT) {
        return ccodecs_png_encode_fast(pixels, width, height, channels, out, out_size, error, error_size);
    }
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = (png_uint_32)width;
    image.height = (png_uint_32)height;
    image.format = channels == 3 ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
    if (fast) image.flags |= PNG_IMAGE_FLAG_FAST; /* too large for one deflate call */
    png_alloc_size_t size = 0;
    if (!png_image_write_get_memory_size(image, size, 0, pixels, 0, NULL)) {
        int status = ccodecs_fail(error, error_size, "PNG: %s", image.message);
        png_image_free(&image);
        return status;
    }
    uint8_t *buffer = malloc(size);
    if (buffer == NULL) return ccodecs_fail(error, error_size, "PNG: out of memory");
    if (!png_image_write_to_memory(&image, buffer, &size, 0, pixels, 0, NULL)) {
        free(buffer);
        int status = ccodecs_fail(error, error_size, "PNG: %s", image.message);
        png_image_free(&image);
        return status;
    }
    *out = buffer;
    *out_size = size;
    return 0;
}

int ccodecs_png_decode(const uint8_t *source, size_t source_size, ccodecs_image *out, char *error,
                       size_t error_size) {
    memset(out, 0, sizeof *out);
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, source, source_size)) {
        return ccodecs_fail(error, error_size, "PNG: %s", image.message);
    }
    image.format = (image.format & PNG_FORMAT_FLAG_COLOR) ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
    size_t size = PNG_IMAGE_SIZE(image);
    uint8_t *pixels = malloc(size > 0 ? size : 1);
    if (pixels == NULL) {
        png_image_free(&image);
        return ccodecs_fail(error, error_size, "PNG: out of memory");
    }
    if (!png_image_finish_read(&image, NULL, pixels, 0, NULL)) {
        free(pixels);
        int status = ccodecs_fail(error, error_size, "PNG: %s", image.message);
        png_image_free(&image);
        return status;
    }
    out->width = (int)image.width;
    out->height = (int)image.height;
    out->components = PNG_IMAGE_SAMPLE_CHANNELS(image.format);
    out->precision = 8;
    out->bytes_per_sample = 1;
    out->pixels = pixels;
    out->size = size;
    return 0;
}
