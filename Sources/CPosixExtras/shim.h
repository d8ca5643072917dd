#ifndef DICOM_CONSOLE_CPOSIXEXTRAS_SHIM_H
#define DICOM_CONSOLE_CPOSIXEXTRAS_SHIM_H
/* POSIX/Linux calls the Swift Glibc module does not export. */
#include <sys/types.h>
#include <sys/xattr.h>

/* Declared by glibc only under _GNU_SOURCE, which SwiftPM does not define (off64_t is long on LP64). */
extern int syncfs(int fd);
extern ssize_t copy_file_range(int fd_in, long *off_in, int fd_out, long *off_out, size_t len, unsigned int flags);
/* Renames unless the target exists (flags RENAME_NOREPLACE = 1): EEXIST then. glibc 2.28+. */
extern int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);
/* Closes every descriptor from `from` up in the spawned process (glibc 2.34+, not exported to Swift). */
#include <spawn.h>
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
/* Starts write-back of a file's dirty pages without waiting (SYNC_FILE_RANGE_WRITE = 2). */
extern int sync_file_range(int fd, long offset, long nbytes, unsigned int flags);
/* O_DIRECT, only defined under _GNU_SOURCE (values from the kernel's asm/fcntl.h; including <fcntl.h>
   here would make this module a second home of `struct stat` for Swift). */
#if defined(__aarch64__) || defined(__arm__)
static const int posix_extras_o_direct = 0200000;
#elif defined(__powerpc__)
static const int posix_extras_o_direct = 0400000;
#else
static const int posix_extras_o_direct = 040000;
#endif
#endif
