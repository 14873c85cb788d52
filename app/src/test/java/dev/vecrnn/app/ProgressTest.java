package dev.vecrnn.app;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {

    @Test
    void durations() {
        assertEquals("0s", Progress.duration(0.2));
        assertEquals("59s", Progress.duration(59));
        assertEquals("6m 05s", Progress.duration(365));
        assertEquals("2h 03m", Progress.duration(2 * 3600 + 3 * 60 + 10));
    }

    @Test
    void withoutATerminalItIsPlainLines() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Progress p = Progress.choose(new PrintWriter(out), new PrintWriter(err), 0, 100);
        assertInstanceOf(PlainProgress.class, p, "tests run without a terminal");
        p.println("iter 0, loss: 1.000000");
        p.update(1, 2.5, 1000);
        p.close();
        assertEquals("iter 0, loss: 1.000000" + System.lineSeparator(), out.toString());
        assertEquals("", err.toString(), "no progress line before " + PlainProgress.EVERY_SECONDS + " s");
    }

    @Test
    void theBarIsWipedBeforeALineAndDrawnAgainAfterIt() throws InterruptedException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        BarProgress bar = new BarProgress(new PrintWriter(out), new PrintWriter(err), 10, 110);
        // training keeps stepping the bar; the library draws from its own thread, and a step that
        // lands while it draws may be shown only at the next step
        long end = System.nanoTime() + 10_000_000_000L;
        for (int done = 60; !err.toString().contains("tok/s") && System.nanoTime() < end; done = Math.min(done + 1, 100)) {
            bar.update(done, 1.25, 12345);
            Thread.sleep(20);
        }
        String drawn = err.toString();
        assertTrue(drawn.contains("\rtrain"), "the bar is drawn with a carriage return: " + drawn);
        assertTrue(drawn.contains("loss 1.250/token, 12,345 tok/s"), drawn);
        bar.println("validation after 60 iterations");
        String after = err.toString().substring(drawn.length());
        assertTrue(after.startsWith("\r ") && after.contains("\rtrain"), "wiped, then drawn again: " + after.replace("\r", "\\r"));
        assertEquals("validation after 60 iterations" + System.lineSeparator(), out.toString());
        bar.close();
    }
}
