package dev.vecrnn.internal.io;

import java.nio.file.Path;

/**
 * Child process for {@link AtomicFileKillTest}: writes a model file, says so, then writes it again
 * (which the test hook pauses halfway, so the test can kill the process there).
 */
public final class WriteTwiceMain {
    private WriteTwiceMain() {
    }

    public static void main(String[] args) {
        Path target = Path.of(args[0]);
        ModelFile.write(target, ModelFileTest.sample());
        System.out.println("first write done");
        System.out.flush();
        ModelFile.Contents c = ModelFileTest.sample();
        c.properties().put("generation", "2");
        ModelFile.write(target, c);
        System.out.println("second write done");
    }
}
