#ifndef DICOM_CONSOLE_CNCURSES_SHIM_H
#define DICOM_CONSOLE_CNCURSES_SHIM_H
/* ncursesw with the wide API visible (SwiftPM drops pkg-config's -D_XOPEN_SOURCE). */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#endif
