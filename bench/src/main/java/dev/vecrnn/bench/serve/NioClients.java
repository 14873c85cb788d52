package dev.vecrnn.bench.serve;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The lightest honest load generator: {@code clients} streaming HTTP/1.1 clients on one thread
 * and one selector, a keep-alive connection each, reading the chunked event stream as bytes
 * arrive (no thread, no line or JSON object per event). Each client sends its next completion
 * as soon as its last one ended. Its time to first token is from the request's write to the read
 * that brings the first {@code data: } event.
 */
final class NioClients {
    private final int clients;

    NioClients(int clients) {
        this.clients = clients;
    }

    String describe() {
        return clients + " streaming HTTP/1.1 clients on one thread with one NIO selector (a keep-alive connection each, "
                + "the chunked stream scanned as bytes)";
    }

    LoadResults run(URI uri, String body, int requests, int seconds) throws IOException {
        byte[] json = body.getBytes(StandardCharsets.UTF_8);
        byte[] request = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: " + json.length + "\r\n\r\n"
                + body).getBytes(StandardCharsets.UTF_8);
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());
        LoadResults results = new LoadResults();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long giveUp = end + TimeUnit.SECONDS.toNanos(90);
        ByteBuffer in = ByteBuffer.allocateDirect(1 << 16);
        int sent = 0;
        int open = 0;
        try (Selector selector = Selector.open()) {
            for (int c = 0; c < clients && sent < requests; c++) {
                Client client = new Client(address, request, selector);
                client.send();
                sent++;
                open++;
            }
            while (open > 0 && System.nanoTime() - giveUp < 0) {
                selector.select(1000);
                for (SelectionKey key : selector.selectedKeys()) {
                    Client client = (Client) key.attachment();
                    boolean over;
                    try {
                        over = client.onReady(key, in);
                    } catch (IOException | RuntimeException e) {
                        // counted, and the client goes on with a new connection
                        results.failed(e.toString());
                        client.close();
                        if (sent < requests && System.nanoTime() - end < 0) {
                            client = new Client(address, request, selector);
                            client.send();
                            sent++;
                        } else {
                            open--;
                        }
                        continue;
                    }
                    if (over) {
                        client.record(results);
                        if (sent < requests && System.nanoTime() - end < 0) {
                            client.send();
                            sent++;
                        } else {
                            client.close();
                            open--;
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
            if (open > 0) {
                results.failed(open + " completions still running 90 s after the time was up");
            }
        }
        return results;
    }

    /** One connection and the response it is reading. */
    private static final class Client {
        private static final byte[] DONE = "data: [DONE]".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] TOKENS = "\"completion_tokens\":".getBytes(StandardCharsets.US_ASCII);
        private final SocketChannel channel;
        private final SelectionKey key;
        private final ByteBuffer request;
        // the response being read
        private long sentAt;
        private long firstAt;
        private final StringBuilder head = new StringBuilder();
        private boolean inBody;
        private int status;
        private boolean chunked;
        private long left; // bytes left in the current chunk or the Content-Length body
        private int state; // chunked: 0 size line, 1 data, 2 CRLF after data, 3 trailer
        private long size;
        private int data;
        private int done;
        private int tokensMatch;
        private long tokens;
        private boolean readingTokens;
        private boolean sawDone;

        Client(InetSocketAddress address, byte[] request, Selector selector) throws IOException {
            channel = SocketChannel.open(address);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            key = channel.register(selector, 0, this);
            this.request = ByteBuffer.wrap(request);
        }

        void send() throws IOException {
            sentAt = System.nanoTime();
            firstAt = -1;
            head.setLength(0);
            inBody = false;
            status = 0;
            chunked = false;
            left = -1;
            state = 0;
            size = 0;
            data = 0;
            done = 0;
            tokensMatch = 0;
            tokens = -1;
            readingTokens = false;
            sawDone = false;
            request.rewind();
            channel.write(request);
            key.interestOps(request.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        /** Writes the rest of the request or reads what came; true once the response is complete. */
        boolean onReady(SelectionKey k, ByteBuffer in) throws IOException {
            if (k.isWritable()) {
                channel.write(request);
                if (!request.hasRemaining()) {
                    k.interestOps(SelectionKey.OP_READ);
                }
                return false;
            }
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
                throw new IOException("the server closed the connection mid-response");
            }
            in.flip();
            while (in.hasRemaining()) {
                if (consume(in.get())) {
                    if (in.hasRemaining()) {
                        throw new IOException("bytes after the end of the response");
                    }
                    return true;
                }
            }
            return false;
        }

        /** One byte of the response; true when it was the last. */
        private boolean consume(byte b) throws IOException {
            if (!inBody) {
                head.append((char) b);
                if (head.length() >= 4 && head.charAt(head.length() - 1) == '\n' && head.indexOf("\r\n\r\n", head.length() - 4) >= 0) {
                    inBody = true;
                    String h = head.toString();
                    status = Integer.parseInt(h.substring(9, 12));
                    String lower = h.toLowerCase(java.util.Locale.ROOT);
                    chunked = lower.contains("\r\ntransfer-encoding: chunked");
                    int cl = lower.indexOf("\r\ncontent-length:");
                    if (!chunked) {
                        if (cl < 0) {
                            throw new IOException("a response without a length: " + h.lines().findFirst().orElse(""));
                        }
                        left = Long.parseLong(lower.substring(cl + 17, lower.indexOf('\r', cl + 2)).trim());
                        return left == 0;
                    }
                }
                return false;
            }
            if (!chunked) {
                return --left == 0;
            }
            switch (state) {
                case 0 -> {
                    if (b == '\n') {
                        state = size == 0 ? 3 : 1;
                        left = size;
                        size = 0;
                        data = 0;
                    } else if (Character.digit(b, 16) >= 0 && data == 0) {
                        size = size * 16 + Character.digit(b, 16);
                    } else if (b != '\r') {
                        data = 1; // a chunk extension: ignored to the end of the line
                    }
                }
                case 1 -> {
                    scan(b);
                    if (--left == 0) {
                        state = 2;
                        data = 0;
                    }
                }
                case 2 -> {
                    if (b == '\n') {
                        state = 0;
                    }
                }
                default -> {
                    // the trailer: ends with an empty line
                    if (b == '\n') {
                        if (data == 0) {
                            return true;
                        }
                        data = 0;
                    } else if (b != '\r') {
                        data = 1;
                    }
                }
            }
            return false;
        }

        /** A byte of the event stream: notes the first event, the usage's completion tokens and the [DONE]. */
        private void scan(byte b) {
            if (firstAt < 0) {
                firstAt = System.nanoTime(); // the stream holds only events: its first byte starts the first one
            }
            done = b == DONE[done] ? done + 1 : (b == DONE[0] ? 1 : 0);
            if (done == DONE.length) {
                sawDone = true;
                done = 0;
            }
            if (readingTokens) {
                if (b >= '0' && b <= '9') {
                    tokens = (tokens < 0 ? 0 : tokens * 10) + (b - '0');
                    return;
                }
                readingTokens = false;
            }
            tokensMatch = b == TOKENS[tokensMatch] ? tokensMatch + 1 : (b == TOKENS[0] ? 1 : 0);
            if (tokensMatch == TOKENS.length) {
                readingTokens = true;
                tokens = -1;
                tokensMatch = 0;
            }
        }

        void record(LoadResults results) {
            long now = System.nanoTime();
            if (status != 200) {
                results.failed("status " + status);
            } else if (!sawDone || tokens < 0) {
                results.failed("the stream ended without its usage and [DONE]");
            } else {
                results.completed(firstAt - sentAt, now - sentAt, tokens);
            }
        }

        void close() {
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // done with it either way
            }
        }
    }
}
