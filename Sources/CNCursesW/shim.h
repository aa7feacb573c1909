// ncursesw with the wide-character API, plus accessors for what Swift cannot import directly
// (macros and mutable globals). Only the Terminal module imports this.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <ncursesw/curses.h>

static inline WINDOW *nn_stdscr(void) { return stdscr; }
static inline int nn_lines(void) { return LINES; }
static inline int nn_cols(void) { return COLS; }
static inline int nn_colors(void) { return COLORS; }
static inline int nn_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t nn_a_bold(void) { return A_BOLD; }
static inline attr_t nn_a_dim(void) { return A_DIM; }
static inline attr_t nn_a_reverse(void) { return A_REVERSE; }
static inline attr_t nn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t nn_a_normal(void) { return A_NORMAL; }
