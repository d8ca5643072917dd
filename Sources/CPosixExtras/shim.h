#ifndef DICOM_CONSOLE_CPOSIXEXTRAS_SHIM_H
#define DICOM_CONSOLE_CPOSIXEXTRAS_SHIM_H
/* POSIX/Linux calls the Swift Glibc module does not export. */
#include <sys/xattr.h>

/* syncfs(2) is declared only under _GNU_SOURCE, which SwiftPM does not define. */
extern int syncfs(int fd);
#endif
