package dev.vecrnn.app;

import dev.vecrnn.api.VecrnnException;
import picocli.CommandLine;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Runs a picocli command as every vecrnn program does: UTF-8 output, a bad option or a
 * {@link VecrnnException} as one line with exit status {@link Main#USER_ERROR} (settings named by
 * their flags), no stack trace unless verbose.
 */
public final class CommandRunner {
    private CommandRunner() {
    }

    /** Runs {@code cl} on {@code args}; {@code verbose} says (after parsing) whether to show stack traces. */
    public static int execute(CommandLine cl, String[] args, BooleanSupplier verbose, PrintStream out, PrintStream err) {
        String program = cl.getCommandName();
        // UTF-8 like the streams main() makes: PrintWriter(OutputStream) would use the platform
        // charset, which is ASCII under LANG=C on JDK 17 and turns Chinese samples into '?'
        cl.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cl.setParameterExceptionHandler((ex, a) -> {
            String cmd = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println(program + ": " + ex.getMessage() + " (see '" + cmd + " --help')");
            return Main.USER_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean showTrace = verbose.getAsBoolean() || Boolean.getBoolean("vecrnn.verbose");
            if (ex instanceof VecrnnException) {
                err.println(program + ": " + ((VecrnnException) ex).message(FlagNames::of));
                if (showTrace) {
                    ex.printStackTrace(err);
                }
                return Main.USER_ERROR;
            }
            err.println(program + ": internal error: " + ex + (showTrace ? "" : " (run with --verbose for details)"));
            if (showTrace) {
                ex.printStackTrace(err);
            }
            return Main.INTERNAL_ERROR;
        });
        return cl.execute(args);
    }
}
