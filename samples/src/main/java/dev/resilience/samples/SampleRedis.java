package dev.resilience.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

import redis.embedded.RedisServer;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * With the {@code redis} profile and {@code samples.redis.embedded: true}, starts a Redis on the port of
 * {@code resilience.redis.url} before the application connects to it, unless something already answers there
 * (another instance of the sample, or a Redis of yours). So the README's two-instance demo needs nothing
 * installed. The Redis stops with the JVM that started it.
 */
final class SampleRedis implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        if (!environment.acceptsProfiles(Profiles.of("redis"))
                || !environment.getProperty("samples.redis.embedded", Boolean.class, false)) {
            return;
        }
        URI url = URI.create(environment.getProperty("resilience.redis.url", "redis://localhost:6379"));
        String host = url.getHost() == null ? "localhost" : url.getHost();
        int port = url.getPort() < 0 ? 6379 : url.getPort();
        if (!host.equals("localhost") && !host.equals("127.0.0.1")) {
            return;
        }
        if (answers(port)) {
            return;
        }
        try {
            RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                    .setting("appendonly no").build();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (IOException e) {
                    // stopping at exit: nothing more to do
                }
            }, "sample-redis-stop"));
            System.out.println("Started an embedded Redis for the sample on 127.0.0.1:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start an embedded Redis on port " + port
                    + "; start one yourself or set RESILIENCE_REDIS_URL", e);
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException nothingThere) {
            return false;
        }
    }
}
