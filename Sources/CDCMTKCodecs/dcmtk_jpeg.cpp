// DCMTK's IJG decoders behind a C function (no C++ types cross into Swift).
#include "cdcmtkcodecs.h"

#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmjpeg/djcparam.h"
#include "dcmtk/dcmjpeg/djdijg12.h"
#include "dcmtk/dcmjpeg/djdijg16.h"
#include "dcmtk/dcmjpeg/djdijg8.h"
#include "dcmtk/oflog/oflog.h"

extern "C" int cdcmtk_jpeg_decode(const uint8_t *source, size_t source_size, int precision, int is_ybr,
                                  int is_signed, uint8_t *out, size_t out_size, char *error, size_t error_size) {
    // DCMTK logs warnings such as "Invalid SOS parameters for sequential JPEG" on valid files.
    static std::once_flag quiet;
    std::call_once(quiet, [] { OFLog::configure(OFLogger::FATAL_LOG_LEVEL); });
    DJCodecParameter parameters(ECC_lossyYCbCr, EDC_never, EUC_never, EPC_default);
    std::unique_ptr<DJDecoder> decoder;
    if (precision <= 8) decoder.reset(new DJDecompressIJG8Bit(parameters, is_ybr ? OFTrue : OFFalse));
    else if (precision <= 12) decoder.reset(new DJDecompressIJG12Bit(parameters, is_ybr ? OFTrue : OFFalse));
    else decoder.reset(new DJDecompressIJG16Bit(parameters, is_ybr ? OFTrue : OFFalse));
    OFCondition status = decoder->init();
    if (status.good()) {
        status = decoder->decode(const_cast<Uint8 *>(source), static_cast<Uint32>(source_size), out,
                                 static_cast<Uint32>(out_size), is_signed ? OFTrue : OFFalse);
    }
    if (status.bad()) {
        if (error != nullptr && error_size > 0) std::snprintf(error, error_size, "DCMTK JPEG: %s", status.text());
        return -1;
    }
    return decoder->bytesPerSample();
}
