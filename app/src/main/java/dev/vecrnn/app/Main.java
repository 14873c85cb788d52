package dev.vecrnn.app;

import dev.vecrnn.api.VecrnnException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code vecrnn} command: subcommands, one-line errors with exit code 2, no stack traces unless --verbose. */
@Command(name = "vecrnn", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Train recurrent language models on your text and sample from them.",
        subcommands = {TrainCommand.class, SampleCommand.class, EvalCommand.class, InfoCommand.class, VocabCommand.class,
                ServeCommand.class, PluginsCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit status for a problem the user can fix. */
    public static final int USER_ERROR = 2;
    /** Exit status for a bug. */
    public static final int INTERNAL_ERROR = 1;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Show stack traces of errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is required: train, sample, eval, info, vocab, serve, plugins or help");
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.setOut(out);
        System.setErr(err);
        System.exit(execute(args, out, err));
    }

    /** Runs the command line with the given streams and returns the exit status. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        // UTF-8 like the streams main() makes: PrintWriter(OutputStream) would use the platform
        // charset, which is ASCII under LANG=C on JDK 17 and turns Chinese samples into '?'
        cl.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cl.setParameterExceptionHandler((ex, a) -> {
            String cmd = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println("vecrnn: " + ex.getMessage() + " (see '" + cmd + " --help')");
            return USER_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = main.verbose || Boolean.getBoolean("vecrnn.verbose");
            if (ex instanceof VecrnnException) {
                err.println("vecrnn: " + ((VecrnnException) ex).message(FlagNames::of));
                if (verbose) {
                    ex.printStackTrace(err);
                }
                return USER_ERROR;
            }
            err.println("vecrnn: internal error: " + ex + (verbose ? "" : " (run with --verbose for details)"));
            if (verbose) {
                ex.printStackTrace(err);
            }
            return INTERNAL_ERROR;
        });
        return cl.execute(args);
    }

    /** The version from the JAR manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"vecrnn " + (v == null ? "dev" : v), "java " + System.getProperty("java.version")};
        }
    }
}
