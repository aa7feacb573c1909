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

// ---- Mouse. The BUTTON*_ masks are macros Swift does not import.
static inline mmask_t nn_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t nn_button1_clicked(void) { return BUTTON1_CLICKED; }
/// Reports button 1 presses without waiting to tell clicks from double clicks; 1 when the
/// terminal reports mouse events at all.
static inline int nn_enable_mouse(void) {
    mmask_t old = 0;
    mouseinterval(0);
    return mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED, &old) != 0;
}
/// The pending mouse event (after KEY_MOUSE): 1 and its cell and button state, or 0.
static inline int nn_read_mouse(int *x, int *y, mmask_t *state) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    *x = event.x;
    *y = event.y;
    *state = event.bstate;
    return 1;
}

// ---- Terminal capability check (term.h is not included: its macros would clash with Swift names).
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
extern int setupterm(const char *term, int filedes, int *errret);

/// 0: usable; 1: unknown to terminfo; 2: no cursor addressing (cup).
static inline int nn_terminal_support(const char *term) {
    int error = 0;
    if (setupterm(term, 1, &error) != OK) return 1;
    char *cup = tigetstr("cup");
    if (cup == NULL || cup == (char *)-1) return 2;
    return 0;
}

static inline FILE *nn_stdin(void) { return stdin; }
static inline FILE *nn_stdout(void) { return stdout; }

// ---- Signals. Everything below is used from a single Swift file (Signals.swift) so there is
// exactly one copy of these statics in the program.
static volatile sig_atomic_t nn_pending_signal = 0;
static inline struct termios *nn_saved_termios(void) { static struct termios saved; return &saved; }
static volatile sig_atomic_t nn_termios_saved = 0;
static volatile sig_atomic_t nn_screen_active = 0;
static inline struct sigaction *nn_previous_crash_actions(void) { static struct sigaction actions[32]; return actions; }

static void nn_flag_signal(int signal_number) { nn_pending_signal = signal_number; }

/// SIGINT, SIGTERM and SIGHUP only record the signal; the UI loop polls and exits cleanly.
static inline void nn_install_flag_handlers(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = nn_flag_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
}

static inline int nn_take_pending_signal(void) {
    int value = nn_pending_signal;
    nn_pending_signal = 0;
    return value;
}

static inline int nn_peek_pending_signal(void) { return nn_pending_signal; }

static inline void nn_save_termios(void) {
    if (tcgetattr(STDIN_FILENO, nn_saved_termios()) == 0) nn_termios_saved = 1;
}

static inline void nn_set_screen_active(int active) { nn_screen_active = active; }

/// On a crash: leave the alternate screen, show the cursor, stop mouse reporting, reset attributes and the tty modes
/// (all async-signal-safe calls), then hand the signal to the previous handler (Swift's
/// backtracer or the default) so the crash report still prints.
static void nn_crash_signal(int signal_number) {
    if (nn_screen_active) {
        // Attributes, the alternate screen, the cursor, and mouse reporting (X10/normal 1000,
        // 1002, SGR 1006) off.
        static const char reset[] = "\033[0m\033[?1049l\033[?25h\033[?1000l\033[?1002l\033[?1006l\r\n";
        ssize_t ignored = write(STDOUT_FILENO, reset, sizeof reset - 1);
        (void)ignored;
        if (nn_termios_saved) tcsetattr(STDIN_FILENO, TCSANOW, nn_saved_termios());
        nn_screen_active = 0;
    }
    if (signal_number > 0 && signal_number < 32) {
        sigaction(signal_number, &nn_previous_crash_actions()[signal_number], NULL);
    } else {
        signal(signal_number, SIG_DFL);
    }
    raise(signal_number);
}

static inline void nn_install_crash_handlers(void) {
    int signals[] = { SIGSEGV, SIGILL, SIGABRT, SIGBUS, SIGFPE, SIGTRAP };
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = nn_crash_signal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_NODEFER | SA_RESETHAND;
        sigaction(signals[i], &action, &nn_previous_crash_actions()[signals[i]]);
    }
}
