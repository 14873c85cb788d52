package dev.vecrnn.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
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
        return CommandRunner.execute(new CommandLine(main), args, () -> main.verbose, out, err);
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
