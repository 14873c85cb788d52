package dev.vecrnn.server;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stop ends the acceptors by closing the listening channel alone: on JDK 25 an interrupt can
 * make an acceptor drop, unclosed and unanswered, a connection the kernel had just handed to it.
 */
class UninterruptedConnectorTest {
    private final AcceptorInterruptsPool pool = new AcceptorInterruptsPool();
    private Server server;
    private UninterruptedConnector connector;
    private int port;

    /** Pool threads that record each interrupt that reaches them while they run an acceptor. */
    private static final class AcceptorInterruptsPool extends QueuedThreadPool {
        final List<String> acceptorsInterrupted = new CopyOnWriteArrayList<>();

        @Override
        public Thread newThread(Runnable job) {
            return new Thread(job) {
                @Override
                public void interrupt() {
                    if (runsAnAcceptor(this)) {
                        acceptorsInterrupted.add(getName());
                    }
                    super.interrupt();
                }
            };
        }
    }

    private static boolean runsAnAcceptor(Thread t) {
        return Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getClassName().endsWith("AbstractConnector$Acceptor"));
    }

    @BeforeEach
    void start() throws Exception {
        server = new Server(pool);
        connector = new UninterruptedConnector(server, new HttpConnectionFactory());
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(204);
                callback.succeeded();
                return true;
            }
        });
        server.start();
        port = connector.getLocalPort();
        assertTrue(connector.getAcceptors() > 0, "acceptor threads blocked in accept, the case this is about");
        // once a request was served, an acceptor thread is running, back in accept
        assertEquals("HTTP/1.1 204", get(port));
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void interruptingTheAcceptorsLeavesThemAcceptingUninterrupted() throws Exception {
        connector.interruptAcceptors();
        assertEquals(List.of(), pool.acceptorsInterrupted);
        assertEquals("HTTP/1.1 204", get(port), "still accepting");
    }

    @Test
    void closingTheChannelAloneEndsTheAcceptorsAndRefusesNewConnections() throws Exception {
        connector.shutdown(); // what CompletionServer.close does first
        long deadline = System.nanoTime() + 10_000_000_000L;
        // the listening socket goes once the woken acceptor has left accept, a moment later
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(UninterruptedConnectorTest::runsAnAcceptor)) {
            assertTrue(System.nanoTime() < deadline, "an acceptor thread still runs 10 s after the shutdown");
            Thread.sleep(10);
        }
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close(), "refused once no acceptor runs");
        server.stop();
        assertTrue(server.isStopped());
        assertEquals(List.of(), pool.acceptorsInterrupted);
    }

    private static String get(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return reply.substring(0, Math.min(12, reply.length()));
        }
    }
}
