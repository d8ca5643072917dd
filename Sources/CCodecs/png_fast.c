/* A fast PNG writer straight over zlib: one filter chosen per image (NONE, SUB or UP, by the smallest
   sum of absolute filtered bytes over a sample of rows), deflate level 1 with the Z_RLE strategy (runs
   and Huffman codes, no hash-chain search), one IDAT chunk, CRCs by zlib. libpng's writer spends most
   of its time searching for matches that rendered medical images, noisy or smooth, rarely repay. */
#include "ccodecs.h"
#include "ccodecs_internal.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum { FILTER_NONE = 0, FILTER_SUB = 1, FILTER_UP = 2 };

static void put32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* Cost of a filtered byte: its distance from zero read as signed (the usual PNG heuristic). */
static unsigned cost(uint8_t v) { return v < 128 ? v : 256u - v; }

/* The filter that makes the sampled rows smallest (every 8th row from the second). */
static int choose_filter(const uint8_t *pixels, size_t stride, int height, int bpp) {
    unsigned long long sums[3] = {0, 0, 0};
    for (int y = 1; y < height; y += 8) {
        const uint8_t *row = pixels + (size_t)y * stride, *above = row - stride;
        unsigned long long none = 0, sub = 0, up = 0;
        for (size_t x = 0; x < stride; x++) {
            none += cost(row[x]);
            sub += cost((uint8_t)(row[x] - (x >= (size_t)bpp ? row[x - bpp] : 0)));
            up += cost((uint8_t)(row[x] - above[x]));
        }
        sums[0] += none;
        sums[1] += sub;
        sums[2] += up;
    }
    int best = FILTER_NONE;
    if (sums[FILTER_SUB] < sums[best]) best = FILTER_SUB;
    if (sums[FILTER_UP] < sums[best]) best = FILTER_UP;
    return best;
}

/* The filtered scanlines: a filter-type byte, then the row. */
static void filter_rows(const uint8_t *pixels, size_t stride, int height, int bpp, int filter, uint8_t *out) {
    for (int y = 0; y < height; y++) {
        const uint8_t *row = pixels + (size_t)y * stride;
        uint8_t *line = out + (size_t)y * (stride + 1);
        /* The first row has no row above: UP on it equals NONE. */
        int kind = (filter == FILTER_UP && y == 0) ? FILTER_NONE : filter;
        line[0] = (uint8_t)kind;
        if (kind == FILTER_NONE) {
            memcpy(line + 1, row, stride);
        } else if (kind == FILTER_SUB) {
            memcpy(line + 1, row, (size_t)bpp);
            for (size_t x = (size_t)bpp; x < stride; x++) line[1 + x] = (uint8_t)(row[x] - row[x - bpp]);
        } else {
            const uint8_t *above = row - stride;
            for (size_t x = 0; x < stride; x++) line[1 + x] = (uint8_t)(row[x] - above[x]);
        }
    }
}

/* Appends a chunk's CRC (over type and data, which start at `chunk + 4`). */
static void finish_chunk(uint8_t *chunk, uint32_t length) {
    uLong crc = crc32(0L, chunk + 4, 4 + length);
    put32(chunk + 8 + length, (uint32_t)crc);
}

int ccodecs_png_encode_fast(const uint8_t *pixels, int width, int height, int channels, uint8_t **out,
                            size_t *out_size, char *error, size_t error_size) {
    *out = NULL;
    *out_size = 0;
    if (width <= 0 || height <= 0 || (channels != 1 && channels != 3) ||
        (size_t)height * ((size_t)width * (size_t)channels + 1) > CCODECS_PNG_FAST_LIMIT) {
        return ccodecs_fail(error, error_size, "PNG: cannot write %dx%d with %d channels", width, height, channels);
    }
    size_t stride = (size_t)width * (size_t)channels;
    size_t raw_size = (size_t)height * (stride + 1);
    uint8_t *raw = malloc(raw_size);
    if (raw == NULL) return ccodecs_fail(error, error_size, "PNG: out of memory");
    filter_rows(pixels, stride, height, channels, choose_filter(pixels, stride, height, channels), raw);

    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 1, Z_DEFLATED, 15, 8, Z_RLE) != Z_OK) {
        free(raw);
        return ccodecs_fail(error, error_size, "PNG: deflate could not start");
    }
    size_t bound = deflateBound(&z, (uLong)raw_size);
    static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    size_t header = 8 + 25 + 8; /* signature, IHDR chunk, IDAT length and type */
    uint8_t *png = malloc(header + bound + 4 + 12);
    if (png == NULL) {
        deflateEnd(&z);
        free(raw);
        return ccodecs_fail(error, error_size, "PNG: out of memory");
    }
    memcpy(png, signature, 8);
    uint8_t *ihdr = png + 8;
    put32(ihdr, 13);
    memcpy(ihdr + 4, "IHDR", 4);
    put32(ihdr + 8, (uint32_t)width);
    put32(ihdr + 12, (uint32_t)height);
    ihdr[16] = 8;                        /* bit depth */
    ihdr[17] = channels == 3 ? 2 : 0;    /* colour type: RGB or grey */
    ihdr[18] = ihdr[19] = ihdr[20] = 0;  /* deflate, adaptive filtering, no interlace */
    finish_chunk(ihdr, 13);

    uint8_t *idat = png + 8 + 25;
    memcpy(idat + 4, "IDAT", 4);
    z.next_in = raw;
    z.avail_in = (uInt)raw_size;
    z.next_out = idat + 8;
    z.avail_out = (uInt)bound;
    int status = deflate(&z, Z_FINISH);
    size_t compressed = z.total_out;
    deflateEnd(&z);
    free(raw);
    if (status != Z_STREAM_END) {
        free(png);
        return ccodecs_fail(error, error_size, "PNG: deflate failed (%d)", status);
    }
    put32(idat, (uint32_t)compressed);
    finish_chunk(idat, (uint32_t)compressed);

    uint8_t *iend = idat + 12 + compressed;
    put32(iend, 0);
    memcpy(iend + 4, "IEND", 4);
    finish_chunk(iend, 0);
    *out = png;
    *out_size = (size_t)(iend + 12 - png);
    return 0;
}
