#ifndef DICOM_CONSOLE_CPOSIXEXTRAS_SHIM_H
#define DICOM_CONSOLE_CPOSIXEXTRAS_SHIM_H
/* POSIX/Linux headers the Swift Glibc module does not export. */
#include <sys/xattr.h>
#endif
