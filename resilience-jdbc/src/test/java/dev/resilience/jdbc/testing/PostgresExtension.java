package dev.resilience.jdbc.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real PostgreSQL server per test class: register it as a {@code static} field with
 * {@code @RegisterExtension}; it starts before the first test and is stopped and deleted after the last.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedPostgresServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = EmbeddedPostgresServer.startNew();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** The server of the running test class; a test may stop and start it. */
    public EmbeddedPostgresServer server() {
        if (server == null) {
            throw new IllegalStateException("The server is started before the first test of the class");
        }
        return server;
    }
}
