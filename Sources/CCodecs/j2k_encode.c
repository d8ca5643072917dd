/* Lossless JPEG 2000 encoding (reversible 5/3 wavelet, one quality layer, RCT for colour) through
   OpenJPEG, written to memory as a raw J2K codestream, as DICOM encapsulates it. */
#include "ccodecs.h"
#include "ccodecs_internal.h"

#include <stdlib.h>
#include <string.h>
#include <openjpeg-2.5/openjpeg.h>

typedef struct {
    uint8_t *data;
    size_t size, capacity, position;
    int failed;
} memory_out;

static int ensure(memory_out *m, size_t needed) {
    if (needed <= m->capacity) return 1;
    size_t capacity = m->capacity ? m->capacity : 65536;
    while (capacity < needed) capacity *= 2;
    uint8_t *grown = realloc(m->data, capacity);
    if (grown == NULL) { m->failed = 1; return 0; }
    m->data = grown;
    m->capacity = capacity;
    return 1;
}

static OPJ_SIZE_T write_out(void *buffer, OPJ_SIZE_T count, void *user) {
    memory_out *m = user;
    if (!ensure(m, m->position + count)) return (OPJ_SIZE_T)-1;
    memcpy(m->data + m->position, buffer, count);
    m->position += count;
    if (m->position > m->size) m->size = m->position;
    return count;
}

static OPJ_OFF_T skip_out(OPJ_OFF_T count, void *user) {
    memory_out *m = user;
    if (count < 0 || !ensure(m, m->position + (size_t)count)) return -1;
    m->position += (size_t)count;
    if (m->position > m->size) m->size = m->position;
    return count;
}

static OPJ_BOOL seek_out(OPJ_OFF_T position, void *user) {
    memory_out *m = user;
    if (position < 0 || !ensure(m, (size_t)position)) return OPJ_FALSE;
    m->position = (size_t)position;
    return OPJ_TRUE;
}

static void ignore_message(const char *message, void *user) { (void)message; (void)user; }

int ccodecs_j2k_encode(const int32_t *samples, int width, int height, int components, int precision, int is_signed,
                       uint8_t **out, size_t *out_size, char *error, size_t error_size) {
    *out = NULL;
    *out_size = 0;
    if (components < 1 || components > 4 || width < 1 || height < 1)
        return ccodecs_fail(error, error_size, "JPEG 2000 encode: unsupported geometry %dx%dx%d", width, height, components);
    opj_image_cmptparm_t parameters[4];
    memset(parameters, 0, sizeof parameters);
    for (int c = 0; c < components; c++) {
        parameters[c].dx = parameters[c].dy = 1;
        parameters[c].w = (OPJ_UINT32)width;
        parameters[c].h = (OPJ_UINT32)height;
        parameters[c].prec = (OPJ_UINT32)precision;
        parameters[c].sgnd = is_signed ? 1 : 0;
    }
    opj_image_t *image = opj_image_create((OPJ_UINT32)components, parameters, components == 3 ? OPJ_CLRSPC_SRGB : OPJ_CLRSPC_GRAY);
    if (image == NULL) return ccodecs_fail(error, error_size, "JPEG 2000 encode: cannot create the image");
    image->x1 = (OPJ_UINT32)width;
    image->y1 = (OPJ_UINT32)height;
    size_t pixels = (size_t)width * (size_t)height;
    for (int c = 0; c < components; c++)
        for (size_t i = 0; i < pixels; i++) image->comps[c].data[i] = samples[i * (size_t)components + (size_t)c];

    opj_cparameters_t settings;
    opj_set_default_encoder_parameters(&settings);
    settings.tcp_numlayers = 1;
    settings.tcp_rates[0] = 0;   /* lossless */
    settings.cp_disto_alloc = 1;
    settings.irreversible = 0;   /* reversible 5/3 wavelet */
    settings.tcp_mct = components == 3 ? 1 : 0;
    int smallest = width < height ? width : height, levels = 1;
    while (levels < 6 && (smallest >> levels) >= 1) levels++;
    settings.numresolution = levels;

    opj_codec_t *codec = opj_create_compress(OPJ_CODEC_J2K);
    opj_set_error_handler(codec, ignore_message, NULL);
    opj_set_warning_handler(codec, ignore_message, NULL);
    opj_set_info_handler(codec, ignore_message, NULL);
    memory_out memory = {0};
    opj_stream_t *stream = opj_stream_create(1 << 16, OPJ_FALSE);
    opj_stream_set_user_data(stream, &memory, NULL);
    opj_stream_set_write_function(stream, write_out);
    opj_stream_set_skip_function(stream, skip_out);
    opj_stream_set_seek_function(stream, seek_out);
    int ok = opj_setup_encoder(codec, &settings, image) && opj_start_compress(codec, image, stream)
             && opj_encode(codec, stream) && opj_end_compress(codec, stream) && !memory.failed;
    opj_stream_destroy(stream);
    opj_destroy_codec(codec);
    opj_image_destroy(image);
    if (!ok) {
        free(memory.data);
        return ccodecs_fail(error, error_size, "JPEG 2000 encode failed (%dx%d, %d components, %d bits)", width, height,
                            components, precision);
    }
    *out = memory.data;
    *out_size = memory.size;
    return 0;
}
