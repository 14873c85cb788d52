package dev.vecrnn.internal.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Child process for {@link AtomicFileKillTest}: writes a model file ({@link #contents} 1), says
 * so, then writes it again (contents 2) through {@link AtomicFile}, but its writer stops for good
 * after {@code -D}{@value #PAUSE_AFTER}{@code =N} bytes and says so: the test kills the process
 * there, with the temporary file really half written.
 */
public final class WriteTwiceMain {
    static final String PAUSE_AFTER = "writeTwice.pauseAfterBytes";
    static final String FIRST_DONE = "first write done";
    static final String PAUSED = "second write paused";
    static final String SECOND_DONE = "second write done";
    /** Floats in the large array: 1 MiB, many times AtomicFile's write buffer. */
    static final int FLOATS = 1 << 18;

    private WriteTwiceMain() {
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args[0]);
        long pauseAfter = Long.getLong(PAUSE_AFTER, Long.MAX_VALUE);
        ModelFile.write(target, contents(1));
        System.out.println(FIRST_DONE);
        System.out.flush();
        ModelFile.Contents second = contents(2);
        AtomicFile.write(target, out -> ModelFile.write(new PauseAfter(out, pauseAfter), second));
        System.out.println(SECOND_DONE);
    }

    /** The sample model file with a property {@code generation} and a large array that depends on it. */
    static ModelFile.Contents contents(int generation) {
        ModelFile.Contents s = ModelFileTest.sample();
        Map<String, String> props = new LinkedHashMap<>(s.properties());
        props.put("generation", Integer.toString(generation));
        Map<String, ModelFile.Array> arrays = new LinkedHashMap<>(s.arrays());
        float[] big = new float[FLOATS];
        for (int i = 0; i < big.length; i++) {
            big[i] = generation + i * 1e-6f;
        }
        arrays.put("big", new ModelFile.Array(FLOATS / 256, 256, big));
        return new ModelFile.Contents(props, s.vocabulary(), arrays);
    }

    /** Passes {@code limit} bytes on, then says so on stderr and waits to be killed. */
    private static final class PauseAfter extends FilterOutputStream {
        private final long limit;
        private long passed;

        PauseAfter(OutputStream out, long limit) {
            super(out);
            this.limit = limit;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int now = (int) Math.min(len, limit - passed);
            out.write(b, off, now);
            passed += now;
            if (now < len) {
                pause();
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        private void pause() {
            System.err.println(PAUSED + " after " + passed + " bytes");
            System.err.flush();
            while (true) {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException ignored) {
                    // only the test's kill ends this
                }
            }
        }
    }
}
