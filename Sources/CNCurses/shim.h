#ifndef DICOM_CONSOLE_CNCURSES_SHIM_H
#define DICOM_CONSOLE_CNCURSES_SHIM_H
/* ncursesw with the wide API visible (SwiftPM drops pkg-config's -D_XOPEN_SOURCE). */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <term.h>
#include <wchar.h>
#include <sys/ioctl.h>

/* Attribute bits: NCURSES_BITS() macros are not imported by Swift. */
static const attr_t SWC_A_NORMAL = A_NORMAL;
static const attr_t SWC_A_BOLD = A_BOLD;
static const attr_t SWC_A_DIM = A_DIM;
static const attr_t SWC_A_REVERSE = A_REVERSE;
static const attr_t SWC_A_UNDERLINE = A_UNDERLINE;
static const attr_t SWC_A_COLOR = A_COLOR;

/* Mouse buttons: NCURSES_MOUSE_MASK() macros are not imported by Swift either. */
static const mmask_t SWC_BUTTON1_PRESSED = BUTTON1_PRESSED;
static const mmask_t SWC_BUTTON1_RELEASED = BUTTON1_RELEASED;
static const mmask_t SWC_BUTTON1_CLICKED = BUTTON1_CLICKED;
static const mmask_t SWC_BUTTON1_DOUBLE_CLICKED = BUTTON1_DOUBLE_CLICKED;
static const mmask_t SWC_BUTTON4_PRESSED = BUTTON4_PRESSED;
static const mmask_t SWC_BUTTON5_PRESSED = BUTTON5_PRESSED;
static const mmask_t SWC_ALL_MOUSE_EVENTS = ALL_MOUSE_EVENTS;

/* Mutable C globals are errors in Swift 6: read them through functions. */
static inline WINDOW *swc_stdscr(void) { return stdscr; }
static inline WINDOW *swc_curscr(void) { return curscr; }
static inline int swc_lines(void) { return LINES; }
static inline int swc_cols(void) { return COLS; }
static inline int swc_colors(void) { return COLORS; }
static inline int swc_color_pairs(void) { return COLOR_PAIRS; }

/* Line drawing: ACS_* index the mutable acs_map[]; pass the VT100 letter ('q' hline, 'x' vline,
   'l' 'k' 'm' 'j' corners, 't' 'u' 'w' 'v' 'n' tees and plus). */
static inline chtype swc_acs(char c) { return NCURSES_ACS(c); }

/* glibc hides wcwidth behind __USE_XOPEN. */
extern int wcwidth(wchar_t);

/* A terminfo string capability (e.g. "rmcup", "cnorm"), or NULL when the terminal lacks it. */
static inline const char *swc_tigetstr(const char *name) {
    char *value = tigetstr(name);
    if (value == NULL || value == (char *)-1) return NULL;
    return value;
}

/* The terminal's size from the kernel (ioctl is variadic, so Swift cannot call it directly). */
static inline int swc_terminal_size(int fd, int *rows, int *cols) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) return -1;
    *rows = size.ws_row;
    *cols = size.ws_col;
    return 0;
}

#endif
