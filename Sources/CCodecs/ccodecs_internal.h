#ifndef DICOM_CONSOLE_CCODECS_INTERNAL_H
#define DICOM_CONSOLE_CCODECS_INTERNAL_H
/* Helpers shared by the shim files (not part of the public header). */
#include <stddef.h>

/* Writes a printf-style message into `error` (when not NULL) and returns -1. */
int ccodecs_fail(char *error, size_t error_size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

#endif
