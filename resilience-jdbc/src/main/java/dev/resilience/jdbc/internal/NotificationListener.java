package dev.resilience.jdbc.internal;

import javax.sql.DataSource;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps one connection of the data source in {@code LISTEN} on a channel and hands each notification's payload
 * to a consumer, on its own daemon thread. Internal.
 *
 * <p>Receiving notifications needs the PostgreSQL driver's own API ({@code PGConnection.getNotifications}).
 * This module depends on {@code java.sql} only, so the method is looked up at run time on the unwrapped
 * connection; a pool's proxy connection unwraps to it. When the driver has no such method (another driver,
 * a proxy that does not unwrap), the listener says so once, through {@link Callbacks#unsupported}, and stops:
 * the store then relies on polling alone.
 *
 * <p>When the connection breaks, {@link Callbacks#disconnected} is called once and the listener reconnects
 * with a growing pause (up to {@code maxBackoffMillis}); after it listens again {@link Callbacks#connected} is
 * called, so the owner re-reads what it may have missed.
 */
public final class NotificationListener implements AutoCloseable {

    /** What the listener reports. Called on the listener's thread; must not block for long. */
    public interface Callbacks {
        /** The connection listens (first time or again after an outage). */
        void connected();

        /** The connection broke; notifications may be missed until {@link #connected}. */
        void disconnected(Exception cause);

        /** The driver cannot deliver notifications; the listener has stopped. */
        void unsupported(Exception cause);
    }

    private static final int POLL_MILLIS = 250;

    private final DataSource dataSource;
    private final String channel;
    private final Consumer<String> payloads;
    private final Callbacks callbacks;
    private final long maxBackoffMillis;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    /**
     * @param channel a plain identifier (it is put into the {@code LISTEN} statement as is)
     */
    public NotificationListener(DataSource dataSource, String channel, Consumer<String> payloads, Callbacks callbacks,
            long maxBackoffMillis, String threadName) {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain channel name: " + channel);
        }
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.channel = channel;
        this.payloads = Objects.requireNonNull(payloads, "payloads");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.maxBackoffMillis = maxBackoffMillis;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /** Starts listening in the background. */
    public void start() {
        thread.start();
    }

    private void run() {
        long backoff = 50;
        boolean reportedDown = false;
        while (!closed) {
            Receiver receiver;
            try {
                Connection c = dataSource.getConnection();
                connection = c;
                if (!c.getAutoCommit()) {
                    c.setAutoCommit(true);
                }
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + channel);
                }
                receiver = Receiver.of(c);
            } catch (UnsupportedDriverException e) {
                closeQuietly();
                callbacks.unsupported(e);
                return;
            } catch (Exception e) {
                closeQuietly();
                if (closed) {
                    return;
                }
                if (!reportedDown) {
                    reportedDown = true;
                    callbacks.disconnected(e);
                }
                pause(backoff);
                backoff = Math.min(maxBackoffMillis, backoff * 2);
                continue;
            }
            backoff = 50;
            reportedDown = false;
            callbacks.connected();
            try {
                while (!closed) {
                    for (String payload : receiver.poll(POLL_MILLIS)) {
                        try {
                            payloads.accept(payload);
                        } catch (RuntimeException e) {
                            // The owner's problem, not the connection's: keep listening.
                            System.getLogger(NotificationListener.class.getName()).log(System.Logger.Level.WARNING,
                                    "Handling a notification on " + channel + " failed", e);
                        }
                    }
                }
            } catch (Exception e) {
                closeQuietly();
                if (!closed) {
                    reportedDown = true;
                    callbacks.disconnected(e);
                    pause(backoff);
                }
            }
        }
        closeQuietly();
    }

    private void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            // close() interrupts: the loop checks closed
        }
    }

    private void closeQuietly() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException ignored) {
                // already broken
            }
        }
    }

    /** Stops the thread and gives the connection back. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly();
    }

    /** The driver cannot deliver notifications. */
    static final class UnsupportedDriverException extends Exception {
        UnsupportedDriverException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** {@code PGConnection.getNotifications(int)} and {@code PGNotification.getParameter()}, found at run time. */
    static final class Receiver {
        private static final String[] NONE = new String[0];

        private final Object pgConnection;
        private final MethodHandle getNotifications;
        private final MethodHandle getParameter;

        private Receiver(Object pgConnection, MethodHandle getNotifications, MethodHandle getParameter) {
            this.pgConnection = pgConnection;
            this.getNotifications = getNotifications;
            this.getParameter = getParameter;
        }

        static Receiver of(Connection connection) throws UnsupportedDriverException {
            try {
                ClassLoader loader = connection.getClass().getClassLoader();
                Class<?> pgConnectionType = load("org.postgresql.PGConnection", loader);
                Class<?> notificationType = load("org.postgresql.PGNotification", loader);
                Object pg = connection.unwrap(pgConnectionType);
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                MethodHandle poll = lookup.findVirtual(pgConnectionType, "getNotifications",
                        MethodType.methodType(notificationType.arrayType(), int.class));
                MethodHandle parameter = lookup.findVirtual(notificationType, "getParameter",
                        MethodType.methodType(String.class));
                return new Receiver(pg, poll, parameter);
            } catch (ReflectiveOperationException | SQLException | RuntimeException e) {
                throw new UnsupportedDriverException("The JDBC driver cannot deliver LISTEN/NOTIFY notifications"
                        + " (the PostgreSQL driver org.postgresql:postgresql can): " + e, e);
            }
        }

        private static Class<?> load(String name, ClassLoader loader) throws ClassNotFoundException {
            try {
                return Class.forName(name, false, loader);
            } catch (ClassNotFoundException | RuntimeException e) {
                return Class.forName(name, false, Thread.currentThread().getContextClassLoader());
            }
        }

        /** Waits up to {@code millis} for notifications; their payloads. */
        String[] poll(int millis) throws Exception {
            Object[] notifications;
            try {
                notifications = (Object[]) getNotifications.invoke(pgConnection, millis);
            } catch (Exception e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (notifications == null || notifications.length == 0) {
                return NONE;
            }
            String[] payloads = new String[notifications.length];
            for (int i = 0; i < notifications.length; i++) {
                try {
                    payloads[i] = (String) getParameter.invoke(notifications[i]);
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
            }
            return payloads;
        }
    }
}
