/* JPEG-LS lossless encoding through CharLS's C API (for transcoding exports). */
#include "ccodecs.h"
#include "ccodecs_internal.h"

#include <stdlib.h>
#include <string.h>
#include <charls/charls.h>

int ccodecs_jpegls_encode(const void *pixels, size_t pixels_size, int width, int height, int components,
                          int bits_per_sample, uint8_t **out, size_t *out_size, char *error, size_t error_size) {
    *out = NULL;
    *out_size = 0;
    charls_jpegls_encoder *encoder = charls_jpegls_encoder_create();
    if (encoder == NULL) return ccodecs_fail(error, error_size, "JPEG-LS: cannot create an encoder");
    charls_frame_info frame = {(uint32_t)width, (uint32_t)height, bits_per_sample, components};
    size_t capacity = 0;
    charls_jpegls_errc status = charls_jpegls_encoder_set_frame_info(encoder, &frame);
    if (status == CHARLS_JPEGLS_ERRC_SUCCESS && components > 1)
        status = charls_jpegls_encoder_set_interleave_mode(encoder, CHARLS_INTERLEAVE_MODE_SAMPLE);
    if (status == CHARLS_JPEGLS_ERRC_SUCCESS) status = charls_jpegls_encoder_set_near_lossless(encoder, 0);
    if (status == CHARLS_JPEGLS_ERRC_SUCCESS) status = charls_jpegls_encoder_get_estimated_destination_size(encoder, &capacity);
    uint8_t *buffer = NULL;
    if (status == CHARLS_JPEGLS_ERRC_SUCCESS) {
        buffer = malloc(capacity);
        if (buffer == NULL) {
            charls_jpegls_encoder_destroy(encoder);
            return ccodecs_fail(error, error_size, "JPEG-LS: out of memory for %zu bytes", capacity);
        }
        status = charls_jpegls_encoder_set_destination_buffer(encoder, buffer, capacity);
    }
    if (status == CHARLS_JPEGLS_ERRC_SUCCESS) status = charls_jpegls_encoder_encode_from_buffer(encoder, pixels, pixels_size, 0);
    size_t written = 0;
    if (status == CHARLS_JPEGLS_ERRC_SUCCESS) status = charls_jpegls_encoder_get_bytes_written(encoder, &written);
    charls_jpegls_encoder_destroy(encoder);
    if (status != CHARLS_JPEGLS_ERRC_SUCCESS) {
        free(buffer);
        return ccodecs_fail(error, error_size, "JPEG-LS encode: %s", charls_get_error_message(status));
    }
    *out = buffer;
    *out_size = written;
    return 0;
}
