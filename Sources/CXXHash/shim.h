#ifndef DICOM_CONSOLE_CXXHASH_SHIM_H
#define DICOM_CONSOLE_CXXHASH_SHIM_H
/* xxHash (Debian's libxxhash-dev): XXH3-128 names the blob store's small blobs by their content. */
#include <xxhash.h>
#endif
