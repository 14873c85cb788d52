package dev.vecrnn.app;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ctrl-C (SIGINT) and SIGTERM during training: the first asks the run to stop after the
 * iteration in progress, so that a checkpoint is written and the process exits with 130 or 143
 * (128 + the signal number, as shells report it); a second one halts at once. A write in
 * progress is then abandoned in its temporary file, and the last complete model file stays.
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported, in every JDK) through reflection, so
 * the build has no warnings about it. A shutdown hook cannot do this job: once the JVM shuts
 * down, a second Ctrl-C is ignored. The previous handlers are put back on {@link #close()}.
 * Where signals cannot be handled (no such class, or the JVM keeps them) the default stays:
 * the process ends without a checkpoint.
 */
final class Interrupts implements AutoCloseable {
    private static final Map<String, Integer> EXIT = new LinkedHashMap<>();

    static {
        EXIT.put("INT", 130);
        EXIT.put("TERM", 143);
    }

    private final Map<Object, Object> previous = new LinkedHashMap<>();
    private volatile int exitCode;
    private Method handle;

    private Interrupts() {
    }

    /** Installs the handlers; {@code stop} is called on the first signal, {@code err} gets one line saying what happens. */
    static Interrupts install(Runnable stop, PrintWriter err) {
        Interrupts in = new Interrupts();
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            in.handle = signal.getMethod("handle", signal, handler);
            for (Map.Entry<String, Integer> e : EXIT.entrySet()) {
                String name = e.getKey();
                int code = e.getValue();
                Object sig;
                try {
                    sig = signal.getConstructor(String.class).newInstance(name);
                } catch (ReflectiveOperationException unknownHere) {
                    continue; // not every platform has every signal
                }
                Object h = Proxy.newProxyInstance(Interrupts.class.getClassLoader(), new Class<?>[] {handler}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "handle":
                            in.onSignal(name, code, stop, err);
                            return null;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            return "vecrnn interrupt handler";
                    }
                });
                try {
                    in.previous.put(sig, in.handle.invoke(null, sig, h));
                } catch (ReflectiveOperationException inUse) {
                    // the JVM keeps this one (e.g. -Xrs); the default behaviour stays
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no sun.misc.Signal here: Ctrl-C ends the process as usual
        }
        return in;
    }

    private synchronized void onSignal(String name, int code, Runnable stop, PrintWriter err) {
        if (exitCode != 0) {
            err.println();
            err.println("vecrnn: stopped at once (SIG" + name + " again); the last complete model file is kept");
            err.flush();
            Runtime.getRuntime().halt(exitCode);
        }
        exitCode = code;
        err.println();
        err.println("vecrnn: SIG" + name + ": stopping after this iteration and saving a checkpoint"
                + " (press Ctrl-C again to quit without saving)");
        err.flush();
        stop.run();
    }

    /** True once a signal arrived. */
    boolean signalled() {
        return exitCode != 0;
    }

    /** 130 after SIGINT, 143 after SIGTERM, 0 without a signal. */
    int exitCode() {
        return exitCode;
    }

    @Override
    public void close() {
        previous.forEach((sig, handler) -> {
            try {
                handle.invoke(null, sig, handler);
            } catch (ReflectiveOperationException ignored) {
                // nothing to put back
            }
        });
    }
}
