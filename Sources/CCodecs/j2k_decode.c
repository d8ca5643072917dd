/* JPEG 2000 and HTJ2K decoding through OpenJPEG, reading from memory with stream callbacks. */
#include "ccodecs.h"
#include "ccodecs_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openjpeg-2.5/openjpeg.h>

typedef struct {
    const uint8_t *data;
    size_t size;
    size_t position;
} memory_stream;

static OPJ_SIZE_T stream_read(void *buffer, OPJ_SIZE_T count, void *user) {
    memory_stream *stream = user;
    size_t left = stream->size - stream->position;
    if (left == 0) return (OPJ_SIZE_T)-1;
    size_t n = count < left ? count : left;
    memcpy(buffer, stream->data + stream->position, n);
    stream->position += n;
    return n;
}

static OPJ_OFF_T stream_skip(OPJ_OFF_T count, void *user) {
    memory_stream *stream = user;
    if (count < 0) {
        size_t back = (size_t)(-count);
        if (back > stream->position) back = stream->position;
        stream->position -= back;
        return -(OPJ_OFF_T)back;
    }
    size_t left = stream->size - stream->position;
    size_t n = (size_t)count < left ? (size_t)count : left;
    stream->position += n;
    return (OPJ_OFF_T)n;
}

static OPJ_BOOL stream_seek(OPJ_OFF_T position, void *user) {
    memory_stream *stream = user;
    if (position < 0 || (size_t)position > stream->size) return OPJ_FALSE;
    stream->position = (size_t)position;
    return OPJ_TRUE;
}

/* OpenJPEG's error messages end with a newline; keep the first one. */
static void on_error(const char *message, void *user) {
    char *buffer = user;
    if (buffer[0] != '\0') return;
    snprintf(buffer, 256, "%s", message);
    size_t length = strlen(buffer);
    if (length > 0 && buffer[length - 1] == '\n') buffer[length - 1] = '\0';
}

static void on_quiet(const char *message, void *user) { (void)message; (void)user; }

/* A JP2 file starts with the 12-byte signature box; anything else is read as a raw codestream. */
static int is_jp2(const uint8_t *data, size_t size) {
    static const uint8_t signature[12] = {0, 0, 0, 12, 'j', 'P', ' ', ' ', 0x0D, 0x0A, 0x87, 0x0A};
    return size >= 12 && memcmp(data, signature, 12) == 0;
}

int ccodecs_j2k_decode(const uint8_t *source, size_t source_size, int threads, ccodecs_image *out,
                       char *error, size_t error_size) {
    memset(out, 0, sizeof *out);
    char message[256] = "";
    memory_stream memory = {source, source_size, 0};
    opj_stream_t *stream = opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_TRUE);
    opj_codec_t *codec = opj_create_decompress(is_jp2(source, source_size) ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K);
    opj_image_t *image = NULL;
    int status = -1;
    if (stream == NULL || codec == NULL) {
        ccodecs_fail(error, error_size, "JPEG 2000: cannot create a decoder");
        goto done;
    }
    opj_stream_set_user_data(stream, &memory, NULL);
    opj_stream_set_user_data_length(stream, source_size);
    opj_stream_set_read_function(stream, stream_read);
    opj_stream_set_skip_function(stream, stream_skip);
    opj_stream_set_seek_function(stream, stream_seek);
    opj_set_error_handler(codec, on_error, message);
    opj_set_warning_handler(codec, on_quiet, NULL);
    opj_set_info_handler(codec, on_quiet, NULL);

    opj_dparameters_t parameters;
    opj_set_default_decoder_parameters(&parameters);
    if (!opj_setup_decoder(codec, &parameters) ||
        (threads > 1 && !opj_codec_set_threads(codec, threads)) || !opj_read_header(stream, codec, &image)) {
        ccodecs_fail(error, error_size, "JPEG 2000: bad header: %s", message[0] ? message : "unreadable");
        goto done;
    }
    opj_codestream_info_v2_t *info = opj_get_cstr_info(codec);
    int mct = info != NULL && info->m_default_tile_info.mct != 0;
    opj_destroy_cstr_info(&info);
    if (!opj_decode(codec, stream, image) || !opj_end_decompress(codec, stream)) {
        ccodecs_fail(error, error_size, "JPEG 2000: %s", message[0] ? message : "decoding failed");
        goto done;
    }
    if (image->numcomps == 0 || image->comps[0].data == NULL) {
        ccodecs_fail(error, error_size, "JPEG 2000: no component decoded");
        goto done;
    }
    OPJ_UINT32 width = image->comps[0].w, height = image->comps[0].h, count = image->numcomps;
    for (OPJ_UINT32 c = 1; c < count; c++) {
        if (image->comps[c].w != width || image->comps[c].h != height || image->comps[c].data == NULL) {
            ccodecs_fail(error, error_size, "JPEG 2000: subsampled components are not supported");
            goto done;
        }
    }
    size_t pixels = (size_t)width * height;
    int32_t *samples = malloc(pixels * count * sizeof(int32_t) + 1);
    if (samples == NULL) {
        ccodecs_fail(error, error_size, "JPEG 2000: out of memory");
        goto done;
    }
    for (OPJ_UINT32 c = 0; c < count; c++) {
        const OPJ_INT32 *plane = image->comps[c].data;
        for (size_t i = 0; i < pixels; i++) samples[i * count + c] = plane[i];
    }
    out->width = (int)width;
    out->height = (int)height;
    out->components = (int)count;
    out->precision = (int)image->comps[0].prec;
    out->is_signed = (int)image->comps[0].sgnd;
    out->bytes_per_sample = 4;
    out->colour = mct;
    out->pixels = samples;
    out->size = pixels * count * sizeof(int32_t);
    status = 0;
done:
    if (image != NULL) opj_image_destroy(image);
    if (codec != NULL) opj_destroy_codec(codec);
    if (stream != NULL) opj_stream_destroy(stream);
    return status;
}
