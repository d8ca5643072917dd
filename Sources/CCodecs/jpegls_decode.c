/* JPEG-LS decoding through CharLS's C API. */
#include "ccodecs.h"
#include "ccodecs_internal.h"

#include <stdlib.h>
#include <string.h>
#include <charls/charls.h>

int ccodecs_jpegls_decode(const uint8_t *source, size_t source_size, ccodecs_image *out, char *error,
                          size_t error_size) {
    memset(out, 0, sizeof *out);
    charls_jpegls_decoder *decoder = charls_jpegls_decoder_create();
    if (decoder == NULL) return ccodecs_fail(error, error_size, "JPEG-LS: cannot create a decoder");

    charls_frame_info frame;
    charls_interleave_mode mode = CHARLS_INTERLEAVE_MODE_NONE;
    size_t size = 0;
    void *pixels = NULL;
    charls_jpegls_errc status = charls_jpegls_decoder_set_source_buffer(decoder, source, source_size);
    if (status == CHARLS_JPEGLS_ERRC_SUCCESS) status = charls_jpegls_decoder_read_header(decoder);
    if (status == CHARLS_JPEGLS_ERRC_SUCCESS) status = charls_jpegls_decoder_get_frame_info(decoder, &frame);
    if (status == CHARLS_JPEGLS_ERRC_SUCCESS) status = charls_jpegls_decoder_get_interleave_mode(decoder, &mode);
    if (status == CHARLS_JPEGLS_ERRC_SUCCESS) status = charls_jpegls_decoder_get_destination_size(decoder, 0, &size);
    if (status == CHARLS_JPEGLS_ERRC_SUCCESS) {
        pixels = malloc(size > 0 ? size : 1);
        if (pixels == NULL) {
            charls_jpegls_decoder_destroy(decoder);
            return ccodecs_fail(error, error_size, "JPEG-LS: out of memory for %zu bytes", size);
        }
        status = charls_jpegls_decoder_decode_to_buffer(decoder, pixels, size, 0);
    }
    charls_jpegls_decoder_destroy(decoder);
    if (status != CHARLS_JPEGLS_ERRC_SUCCESS) {
        free(pixels);
        return ccodecs_fail(error, error_size, "JPEG-LS: %s", charls_get_error_message(status));
    }
    out->width = (int)frame.width;
    out->height = (int)frame.height;
    out->components = frame.component_count;
    out->precision = frame.bits_per_sample;
    out->bytes_per_sample = frame.bits_per_sample <= 8 ? 1 : 2;
    out->is_planar = frame.component_count > 1 && mode == CHARLS_INTERLEAVE_MODE_NONE;
    out->pixels = pixels;
    out->size = size;
    return 0;
}
