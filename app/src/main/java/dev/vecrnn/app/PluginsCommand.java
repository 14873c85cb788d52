package dev.vecrnn.app;

import dev.vecrnn.api.Plugins;

import dev.vecrnn.spi.Provider;
import dev.vecrnn.spi.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vecrnn plugins}: every tokenizer and optimizer, with where it came from. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = {"List the tokenizers and optimizers: kind, name, the JAR it came from (or built-in), description.",
                "Problems with plugin JARs are printed as warnings on stderr."})
final class PluginsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PluginOptions pluginOptions = new PluginOptions();

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        try (Plugins plugins = pluginOptions.load(spec.commandLine().getErr())) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"KIND", "NAME", "FROM", "DESCRIPTION"});
            addRows(rows, plugins.tokenizers());
            addRows(rows, plugins.optimizers());
            int[] width = new int[3];
            for (String[] r : rows) {
                for (int i = 0; i < width.length; i++) {
                    width[i] = Math.max(width[i], r[i].length());
                }
            }
            for (String[] r : rows) {
                w.println(String.format("%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %s",
                        (Object[]) r).stripTrailing());
            }
        }
        w.flush();
        return 0;
    }

    private static <P extends Provider> void addRows(List<String[]> rows, Registry<P> registry) {
        for (Registry.Entry<P> e : registry.available()) {
            String description;
            try {
                description = String.valueOf(e.provider().description()).replaceAll("\\s*\\R\\s*", " ");
            } catch (RuntimeException | LinkageError ex) {
                description = "(its description failed: " + ex.getClass().getSimpleName() + ")";
            }
            rows.add(new String[] {registry.kind(), e.provider().name(), e.origin(), description});
        }
    }
}
