import CNCursesW

/// Signal handling. The C statics behind these live in shim.h; this is the only file that
/// touches them, so the program has exactly one copy.
enum Signals {
    /// Installs the SIGINT/SIGTERM/SIGHUP flag handlers and the crash guard; saves tty modes.
    static func install() {
        // Referencing the storage accessors from Swift makes the compiler emit them; calls made
        // only from other inline C functions are not emitted.
        _ = nn_saved_termios()
        _ = nn_previous_crash_actions()
        nn_save_termios()
        nn_install_flag_handlers()
        nn_install_crash_handlers()
    }

    static func setScreenActive(_ active: Bool) {
        nn_set_screen_active(active ? 1 : 0)
    }

    /// The signal received since the last call, clearing it.
    static func takePending() -> Int32? {
        let value = nn_take_pending_signal()
        return value == 0 ? nil : value
    }

    static func peekPending() -> Int32? {
        let value = nn_peek_pending_signal()
        return value == 0 ? nil : value
    }
}
