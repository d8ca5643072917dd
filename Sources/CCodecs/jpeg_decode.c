/* 8-bit JPEG decoding through the libjpeg API. libjpeg reports errors by longjmp, so the jump target
   lives here, in C, and Swift only sees a return code. */
#include "ccodecs.h"
#include "ccodecs_internal.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
} error_manager;

static void on_error(j_common_ptr info) {
    error_manager *manager = (error_manager *)info->err;
    (*info->err->format_message)(info, manager->message);
    longjmp(manager->jump, 1);
}

/* Warnings (corrupt data recovered from, extraneous bytes) are not printed. */
static void on_message(j_common_ptr info) { (void)info; }

/* True when the stream itself says YCbCr: a JFIF marker, an Adobe marker with transform 1, or the
   component IDs 1, 2, 3 that JFIF prescribes. */
static int marked_as_ycbcr(const struct jpeg_decompress_struct *info) {
    if (info->saw_JFIF_marker) return 1;
    if (info->saw_Adobe_marker) return info->Adobe_transform != 0;
    return info->comp_info[0].component_id == 1 && info->comp_info[1].component_id == 2 &&
           info->comp_info[2].component_id == 3;
}

int ccodecs_jpeg_decode(const uint8_t *source, size_t source_size, int flags, ccodecs_image *out,
                        char *error, size_t error_size) {
    struct jpeg_decompress_struct info;
    error_manager manager;
    /* volatile: modified between setjmp and a possible longjmp. */
    uint8_t *volatile pixels = NULL;

    memset(out, 0, sizeof *out);
    memset(&info, 0, sizeof info);
    info.err = jpeg_std_error(&manager.base);
    manager.base.error_exit = on_error;
    manager.base.output_message = on_message;
    manager.message[0] = '\0';
    if (setjmp(manager.jump)) {
        free(pixels);
        jpeg_destroy_decompress(&info);
        return ccodecs_fail(error, error_size, "JPEG: %s", manager.message);
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, source, (unsigned long)source_size);
    jpeg_read_header(&info, TRUE);

    int colour = CCODECS_COLOUR_GREY;
    if (info.num_components == 3) {
        if ((flags & CCODECS_JPEG_ASSUME_RGB) && info.jpeg_color_space == JCS_YCbCr && !marked_as_ycbcr(&info)) {
            info.jpeg_color_space = JCS_RGB;
        }
        int keep = (flags & CCODECS_JPEG_KEEP_YCBCR) && info.jpeg_color_space == JCS_YCbCr;
        info.out_color_space = keep ? JCS_YCbCr : JCS_RGB;
        colour = keep ? CCODECS_COLOUR_YCBCR : CCODECS_COLOUR_RGB;
    } else if (info.num_components == 1) {
        info.out_color_space = JCS_GRAYSCALE;
    } else {
        jpeg_destroy_decompress(&info);
        return ccodecs_fail(error, error_size, "JPEG: %d components are not supported", info.num_components);
    }
    jpeg_start_decompress(&info);

    size_t row_size = (size_t)info.output_width * (size_t)info.output_components;
    size_t size = row_size * info.output_height;
    pixels = malloc(size > 0 ? size : 1);
    if (pixels == NULL) {
        jpeg_destroy_decompress(&info);
        return ccodecs_fail(error, error_size, "JPEG: out of memory for %zu bytes", size);
    }
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = pixels + row_size * info.output_scanline;
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);

    out->width = (int)info.output_width;
    out->height = (int)info.output_height;
    out->components = info.output_components;
    out->precision = info.data_precision;
    out->bytes_per_sample = 1;
    out->colour = colour;
    out->pixels = pixels;
    out->size = size;
    jpeg_destroy_decompress(&info);
    return 0;
}
