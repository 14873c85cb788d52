package dev.vecrnn.app;

import dev.vecrnn.api.Plugins;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code --plugins DIR}: where plugin JARs are loaded from. */
final class PluginOptions {
    static final Path DEFAULT = Path.of("plugins");

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Folder of plugin JARs with more tokenizers and optimizers (default: ./plugins, if it exists).")
    Path dir;

    /**
     * The tokenizers and optimizers with the folder's plugins; each problem with a JAR is printed
     * as one warning line and the command goes on without that JAR's broken providers.
     */
    Plugins load(PrintWriter err) {
        Plugins p = dir == null ? Plugins.load(DEFAULT, false) : Plugins.load(dir, true);
        for (String problem : p.problems()) {
            err.println("vecrnn: warning: " + problem);
        }
        err.flush();
        return p;
    }
}
