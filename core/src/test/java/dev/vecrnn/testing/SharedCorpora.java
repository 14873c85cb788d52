package dev.vecrnn.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The shared test corpora (tinyshakespeare.txt, hongloumeng.gbk.txt), which are not in the
 * repository: from the folder {@code $VECRNN_DATA}, else from a {@code shared/data} folder in the
 * working directory or any folder above it (CI checks out beside {@code ../shared/data}).
 *
 * <p>A test that needs a missing corpus is skipped on a developer's machine, but fails on CI
 * ({@code CI=true}): there a skip would hide that the quality and round-trip checks did not run.
 */
public final class SharedCorpora {
    static final String DATA_VARIABLE = "VECRNN_DATA";
    static final String CI_VARIABLE = "CI";

    private SharedCorpora() {
    }

    /** The corpus {@code name}; skips the calling test where it is missing, or fails it on CI. */
    public static Path require(String name) {
        return require(name, System::getenv, Path.of("").toAbsolutePath());
    }

    /** {@link #require(String)} with the environment and the working directory given. */
    static Path require(String name, Function<String, String> env, Path workingDir) {
        Path found = find(name, env.apply(DATA_VARIABLE), workingDir);
        if (found != null) {
            return found;
        }
        String where = "corpus " + name + " not found in $" + DATA_VARIABLE + " (" + env.apply(DATA_VARIABLE)
                + ") nor in a shared/data folder at or above " + workingDir;
        if (onCi(env.apply(CI_VARIABLE))) {
            Assertions.fail(where + "; on CI (CI=true) the tests that need it must run, so this is a failure");
        }
        Assumptions.abort(where + "; skipped (on CI, with CI=true, this fails)");
        return null;
    }

    /** The corpus {@code name} from {@code dataDir}, else from shared/data at or above {@code workingDir}; null if absent. */
    static Path find(String name, String dataDir, Path workingDir) {
        if (dataDir != null && !dataDir.isEmpty() && Files.isRegularFile(Path.of(dataDir, name))) {
            return Path.of(dataDir, name);
        }
        for (Path d = workingDir; d != null; d = d.getParent()) {
            Path p = d.resolve("shared").resolve("data").resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** CI services set CI=true (GitHub Actions, GitLab, the project's .ci/run); any other value or none is a local run. */
    static boolean onCi(String value) {
        return value != null && value.trim().equalsIgnoreCase("true");
    }
}
