package dev.resilience.spring.boot.autoconfigure.store.redis;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Reads where Spring Data Redis's {@link LettuceConnectionFactory} connects to. Loaded only when Spring Data
 * Redis is on the classpath.
 */
final class SpringDataRedis {

    private SpringDataRedis() {
    }

    /** The Redis URL of the context's single {@link LettuceConnectionFactory}, or {@code null}. */
    static @Nullable String url(ApplicationContext context) {
        LettuceConnectionFactory factory = context.getBeanProvider(LettuceConnectionFactory.class).getIfUnique();
        if (factory == null) {
            return null;
        }
        RedisStandaloneConfiguration standalone = factory.getStandaloneConfiguration();
        StringBuilder url = new StringBuilder(factory.isUseSsl() ? "rediss://" : "redis://");
        String user = standalone.getUsername();
        char[] password = standalone.getPassword().toOptional().orElse(null);
        if (password != null) {
            if (user != null) {
                url.append(encode(user));
            }
            url.append(':').append(encode(new String(password))).append('@');
        }
        url.append(standalone.getHostName()).append(':').append(standalone.getPort());
        url.append('/').append(standalone.getDatabase());
        return url.toString();
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
