package dev.resilience.store.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on a random free port of the loopback interface, in front of a real store server, that a test
 * switches between faults while clients talk through it:
 * <ul>
 *   <li>{@link #passThrough()}: bytes go both ways at once;
 *   <li>{@link #delayAnswers(Duration)}: every byte from the server reaches the client that much later (a slow
 *       network or an overloaded server: a round trip costs the delay more), requests still flow at once;
 *   <li>{@link #cut()}: every open connection is reset, and new ones are accepted and reset at once, until the
 *       mode changes (a server that crashed and a port nobody listens on, as a client sees them);
 *   <li>{@link #blackHole()}: connections stay open and new ones are accepted, but no byte goes either way (a
 *       partition or a hung server: nothing fails, nothing answers). The bytes are held, not lost, as TCP
 *       would retransmit them: they arrive when the mode changes back, in order, so the protocol stays intact.
 * </ul>
 * Each connection gets one thread per direction to read and one to write (platform daemon threads), so a held
 * or delayed direction never blocks the reading of the other. Thread-safe.
 */
public final class FaultProxy implements AutoCloseable {

    private enum Mode { PASS, DELAY, CUT, BLACK_HOLE }

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Object modeChanged = new Object();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();
    private volatile Mode mode = Mode.PASS;
    private volatile long delayNanos;
    private volatile boolean closed;

    /** Starts proxying to {@code host:port}, passing through. */
    public FaultProxy(String host, int port) {
        this.target = new InetSocketAddress(host, port);
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon("accept", this::acceptLoop).start();
    }

    /** The port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** The proxy's host, for clients: the loopback address. */
    public String host() {
        return listener.getInetAddress().getHostAddress();
    }

    /** How many connections the proxy has accepted so far (including those it reset at once). */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Bytes flow both ways at once; bytes held by a black hole are delivered now. */
    public void passThrough() {
        switchTo(Mode.PASS, 0L);
    }

    /** Every byte from the server reaches its client {@code delay} later; held bytes are delivered now. */
    public void delayAnswers(Duration delay) {
        switchTo(Mode.DELAY, delay.toNanos());
    }

    /** Resets every open connection, and every new one at once, until another mode is chosen. */
    public void cut() {
        switchTo(Mode.CUT, 0L);
        for (Link link : links) {
            link.reset();
        }
    }

    /** Nothing flows either way from now on (connections stay open, new ones are accepted) until another mode. */
    public void blackHole() {
        switchTo(Mode.BLACK_HOLE, 0L);
    }

    private void switchTo(Mode next, long delay) {
        synchronized (modeChanged) {
            delayNanos = delay;
            mode = next;
            modeChanged.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Link link : links) {
            link.reset();
        }
        synchronized (modeChanged) {
            modeChanged.notifyAll();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            if (mode == Mode.CUT) {
                resetQuietly(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.connect(target, 2_000);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
            } catch (IOException refused) {
                // The server itself is down: the client sees its connection reset, as it would without us.
                resetQuietly(client);
                resetQuietly(server);
                continue;
            }
            Link link = new Link(client, server);
            links.add(link);
            link.start();
        }
    }

    private Thread daemon(String role, Runnable task) {
        Thread thread = new Thread(task, "fault-proxy-" + port() + "-" + role + "-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }

    private static void resetQuietly(Socket socket) {
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0); // RST, not FIN: a crash, not a polite close
            }
        } catch (SocketException ignored) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed
        }
    }

    /** One proxied connection: two directions, each a reader and a writer thread with a queue between them. */
    private final class Link {
        private final Socket client;
        private final Socket server;
        private volatile boolean done;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            direction("up", client, server, false);
            direction("down", server, client, true);
        }

        private void direction(String name, Socket from, Socket to, boolean answers) {
            LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
            daemon(name + "-read", () -> read(from, queue)).start();
            daemon(name + "-write", () -> write(queue, to, answers)).start();
        }

        private void read(Socket from, LinkedBlockingQueue<Chunk> queue) {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    queue.add(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime()));
                }
            } catch (IOException ended) {
                // reset or closed
            }
            queue.add(Chunk.END);
        }

        private void write(LinkedBlockingQueue<Chunk> queue, Socket to, boolean answers) {
            try {
                OutputStream out = to.getOutputStream();
                while (!done) {
                    Chunk chunk = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (chunk == null) {
                        continue;
                    }
                    if (chunk == Chunk.END) {
                        break;
                    }
                    if (!awaitDeliverable(chunk, answers)) {
                        break;
                    }
                    out.write(chunk.bytes);
                    out.flush();
                }
            } catch (IOException | InterruptedException ended) {
                // reset or closed
            }
            reset();
        }

        /** Waits while the black hole holds {@code chunk}, or until its delay is over; false once cut or closed. */
        private boolean awaitDeliverable(Chunk chunk, boolean answers) throws InterruptedException {
            for (;;) {
                if (done || closed) {
                    return false;
                }
                Mode m = mode;
                if (m == Mode.CUT) {
                    return false;
                }
                if (m == Mode.BLACK_HOLE) {
                    synchronized (modeChanged) {
                        if (mode == Mode.BLACK_HOLE && !closed) {
                            modeChanged.wait(100);
                        }
                    }
                    continue;
                }
                long due = chunk.arrived + (m == Mode.DELAY && answers ? delayNanos : 0L);
                long left = due - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                // The delay is the fault being injected, not a test waiting for time to pass.
                LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        }

        void reset() {
            if (done) {
                return;
            }
            done = true;
            links.remove(this);
            resetQuietly(client);
            resetQuietly(server);
        }
    }

    private static final class Chunk {
        static final Chunk END = new Chunk(new byte[0], 0L);

        final byte[] bytes;
        final long arrived;

        Chunk(byte[] bytes, long arrived) {
            this.bytes = bytes;
            this.arrived = arrived;
        }
    }
}
