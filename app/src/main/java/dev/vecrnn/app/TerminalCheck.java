package dev.vecrnn.app;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Whether the user is watching a terminal. {@code System.console()} is null when stdin or stdout
 * is redirected up to JDK 21; from JDK 22 it may return a console anyway, and
 * {@code Console.isTerminal()} (looked up by reflection, as the code targets 17) tells.
 */
final class TerminalCheck {
    private TerminalCheck() {
    }

    static boolean interactive() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(c);
        } catch (NoSuchMethodException e) {
            return true; // JDK 17-21: a console exists only on a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
