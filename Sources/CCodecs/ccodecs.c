#include "ccodecs.h"
#include "ccodecs_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

int ccodecs_version(void) { return 2; }

void ccodecs_image_free(ccodecs_image *image) {
    if (image == NULL) return;
    free(image->pixels);
    image->pixels = NULL;
    image->size = 0;
}

void ccodecs_free(void *buffer) { free(buffer); }

int ccodecs_fail(char *error, size_t error_size, const char *format, ...) {
    if (error != NULL && error_size > 0) {
        va_list arguments;
        va_start(arguments, format);
        vsnprintf(error, error_size, format, arguments);
        va_end(arguments);
    }
    return -1;
}
