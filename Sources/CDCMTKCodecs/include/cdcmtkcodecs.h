#ifndef DICOM_CONSOLE_CDCMTKCODECS_H
#define DICOM_CONSOLE_CDCMTKCODECS_H
/* A C interface to DCMTK's IJG JPEG decoders (8-, 12- and 16-bit, DCT and lossless), for what Debian 12's
   libjpeg-turbo 2.1 cannot decode: 12-bit JPEG Extended (1.2.840.10008.1.2.4.51). */
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Decodes one JPEG frame into `out` (`out_size` bytes: samples × bytes per sample). The decoder is chosen
   from the SOF `precision` (≤ 8, ≤ 12, ≤ 16 bits); `is_ybr` says the data set's photometric
   interpretation is YBR. Returns the bytes per sample written (1 or 2), or -1 with a message in `error`. */
int cdcmtk_jpeg_decode(const uint8_t *source, size_t source_size, int precision, int is_ybr, int is_signed,
                       uint8_t *out, size_t out_size, char *error, size_t error_size);

#ifdef __cplusplus
}
#endif

#endif
