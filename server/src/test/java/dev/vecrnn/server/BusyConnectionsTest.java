package dev.vecrnn.server;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A stop keeps closing idle connections, not only those idle when it began: one that turns idle
 * later would otherwise hold the stop for the whole grace.
 */
class BusyConnectionsTest {
    private Server server;
    private ServerConnector connector;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                callback.succeeded();
                return true;
            }
        });
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void connectionsOpenedAfterTheFirstPassAreClosedUntilTheSweepStops() throws Exception {
        BusyConnections busy = new BusyConnections();
        Runnable stopSweeping = busy.closeIdleUntilStopped(connector, Duration.ofMillis(50));
        try (Socket late = new Socket("127.0.0.1", connector.getLocalPort())) {
            late.setSoTimeout(10_000);
            assertEquals(-1, late.getInputStream().read(), "a connection opened after the first pass is closed too");
        }
        stopSweeping.run();
        Thread.sleep(200);
        try (Socket after = new Socket("127.0.0.1", connector.getLocalPort())) {
            after.setSoTimeout(500);
            assertThrows(SocketTimeoutException.class, () -> after.getInputStream().read(),
                    "once the sweep stopped, an idle connection stays open");
        }
    }
}
