#ifndef DICOM_CONSOLE_CPOSIXEXTRAS_SHIM_H
#define DICOM_CONSOLE_CPOSIXEXTRAS_SHIM_H
/* POSIX/Linux calls the Swift Glibc module does not export. */
#include <sys/types.h>
#include <sys/xattr.h>

/* Declared by glibc only under _GNU_SOURCE, which SwiftPM does not define (off64_t is long on LP64). */
extern int syncfs(int fd);
extern ssize_t copy_file_range(int fd_in, long *off_in, int fd_out, long *off_out, size_t len, unsigned int flags);
/* Starts write-back of a file's dirty pages without waiting (SYNC_FILE_RANGE_WRITE = 2). */
extern int sync_file_range(int fd, long offset, long nbytes, unsigned int flags);
#endif
