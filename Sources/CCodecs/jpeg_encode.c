/* Baseline JPEG encoding through TurboJPEG (error codes, no setjmp on this side). */
#include "ccodecs.h"
#include "ccodecs_internal.h"

#include <stdlib.h>
#include <string.h>
#include <turbojpeg.h>

int ccodecs_jpeg_encode(const uint8_t *pixels, int width, int height, int channels, int quality,
                        uint8_t **out, size_t *out_size, char *error, size_t error_size) {
    *out = NULL;
    *out_size = 0;
    if (width <= 0 || height <= 0 || (channels != 1 && channels != 3) || quality < 1 || quality > 100) {
        return ccodecs_fail(error, error_size, "JPEG: cannot write %dx%d, %d channels, quality %d", width,
                            height, channels, quality);
    }
    tjhandle handle = tjInitCompress();
    if (handle == NULL) return ccodecs_fail(error, error_size, "JPEG: %s", tjGetErrorStr2(NULL));
    unsigned char *jpeg = NULL;
    unsigned long size = 0;
    int format = channels == 3 ? TJPF_RGB : TJPF_GRAY;
    int subsampling = channels == 3 ? TJSAMP_444 : TJSAMP_GRAY;
    if (tjCompress2(handle, pixels, width, 0, height, format, &jpeg, &size, subsampling, quality,
                    TJFLAG_ACCURATEDCT) != 0) {
        int status = ccodecs_fail(error, error_size, "JPEG: %s", tjGetErrorStr2(handle));
        tjFree(jpeg);
        tjDestroy(handle);
        return status;
    }
    uint8_t *copy = malloc(size);
    if (copy != NULL) memcpy(copy, jpeg, size);
    tjFree(jpeg);
    tjDestroy(handle);
    if (copy == NULL) return ccodecs_fail(error, error_size, "JPEG: out of memory");
    *out = copy;
    *out_size = size;
    return 0;
}
