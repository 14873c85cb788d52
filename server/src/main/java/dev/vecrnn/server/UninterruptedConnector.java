package dev.vecrnn.server;

import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A {@link ServerConnector} whose stop ends the acceptor threads by closing the listening channel
 * only, never by interrupting them.
 *
 * <p>Jetty closes the channel and then interrupts its acceptors. On JDK 25 (not on 17) an interrupt
 * that reaches an acceptor after the kernel has handed it a connection, but before
 * {@code ServerSocketChannel.accept} returns, makes {@code accept} throw
 * {@code ClosedByInterruptException} and drop the new socket unclosed: the client that connected
 * just as the stop began waits, unanswered, for as long as it is willing to. Closing the channel
 * already wakes a blocked {@code accept}, so the interrupt is not needed.
 */
final class UninterruptedConnector extends ServerConnector {
    UninterruptedConnector(Server server, ConnectionFactory... factories) {
        super(server, factories);
    }

    @Override
    protected void interruptAcceptors() {
        // the channel is closed before Jetty calls this, on shutdown() and on stop(); see the class comment
    }
}
