package dev.resilience.spring.boot.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.resilience.spring.boot.autoconfigure.properties.BulkheadProperties;
import dev.resilience.spring.boot.autoconfigure.properties.CircuitBreakerProperties;
import dev.resilience.spring.boot.autoconfigure.properties.InstanceProperties;
import dev.resilience.spring.boot.autoconfigure.properties.RateLimiterProperties;
import dev.resilience.spring.boot.autoconfigure.properties.RetryProperties;
import dev.resilience.spring.boot.autoconfigure.properties.ThreadPoolBulkheadProperties;
import dev.resilience.spring.boot.autoconfigure.properties.TimeoutProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata the build generates ({@code META-INF/spring-configuration-metadata.json}), from
 * which IDEs complete {@code application.yml}: every key with a description, defaults, hints for enum-like
 * values, and per-leaf entries under the config and instance maps.
 */
class ConfigurationMetadataTests {

    private static final Map<String, Class<? extends InstanceProperties>> PATTERNS = Map.of(
            "circuit-breaker", CircuitBreakerProperties.class, "retry", RetryProperties.class,
            "bulkhead", BulkheadProperties.class, "thread-pool-bulkhead", ThreadPoolBulkheadProperties.class,
            "rate-limiter", RateLimiterProperties.class, "timeout", TimeoutProperties.class);

    private static DocumentContext metadata;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
            metadata = JsonPath.parse(in);
        }
    }

    @Test
    void mapsOfEachPatternAreTypedWithThePatternsSettings() {
        PATTERNS.forEach((key, type) -> {
            for (String level : List.of("configs", "instances")) {
                Map<String, Object> property = property("resilience." + key + "." + level);
                assertThat(property.get("type")).isEqualTo("java.util.Map<java.lang.String," + type.getName() + ">");
                assertThat((String) property.get("description")).isNotBlank();
            }
        });
    }

    @Test
    void everySettingOfEveryPatternHasAnEntryUnderConfigsAndInstances() {
        PATTERNS.forEach((key, type) -> {
            for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
                if (descriptor.getWriteMethod() == null) {
                    continue;
                }
                String leaf = kebab(descriptor.getName());
                for (String level : List.of("configs", "instances")) {
                    String name = "resilience." + key + "." + level + ".*." + leaf;
                    Map<String, Object> property = property(name);
                    assertThat((String) property.get("description")).as(name).isNotBlank();
                    assertThat(property.get("type")).as(name).isNotNull();
                }
            }
        });
    }

    @Test
    void entriesCarryDescriptionsAndDefaults() {
        Map<String, Object> threshold = property("resilience.circuit-breaker.instances.*.failure-rate-threshold");
        assertThat(threshold.get("type")).isEqualTo("java.lang.Float");
        assertThat((String) threshold.get("description")).contains("percent").contains("Default: 50");
        assertThat(((Number) threshold.get("defaultValue")).doubleValue()).isEqualTo(50.0);
        assertThat(property("resilience.retry.configs.*.max-attempts").get("defaultValue")).isEqualTo(3);
        assertThat(property("resilience.retry.configs.*.wait-duration").get("defaultValue")).isEqualTo("500ms");
        assertThat(property("resilience.rate-limiter.instances.*.limit-refresh-period").get("defaultValue")).isEqualTo("1s");
        assertThat(property("resilience.timeout.instances.*.cancel-running-future").get("defaultValue")).isEqualTo(true);
        assertThat(property("resilience.circuit-breaker.configs.*.ignore-inner-rejections").get("defaultValue")).isEqualTo(true);
        assertThat(property("resilience.jdbc.initialize-schema").get("defaultValue")).isEqualTo("never");
        assertThat((String) property("resilience.redis.url").get("description")).isNotBlank();
        assertThat((List<?>) property("resilience.aspect-order").get("defaultValue")).hasSize(6);
    }

    @Test
    void hintsForEnumLikeValues() {
        assertThat(hintValues("resilience.circuit-breaker.instances.*.sliding-window-type"))
                .containsExactly("count-based", "time-based");
        assertThat(hintValues("resilience.circuit-breaker.configs.*.store")).containsExactly("memory", "redis", "jdbc");
        assertThat(hintValues("resilience.rate-limiter.instances.*.store")).containsExactly("memory", "redis", "jdbc");
        assertThat(hintValues("resilience.aspect-order")).containsExactly("fallback", "retry", "circuit-breaker",
                "rate-limiter", "timeout", "bulkhead");
        assertThat(hintValues("resilience.jdbc.initialize-schema")).containsExactly("always", "never");
        assertThat(hintValues("resilience.retry.configs.keys")).containsExactly("default");
        List<String> provider = metadata.read("$.hints[?(@.name == 'resilience.retry.instances.*.retry-exceptions')]"
                + ".providers[0].parameters.target");
        assertThat(provider).containsExactly("java.lang.Throwable");
    }

    private static Map<String, Object> property(String name) {
        List<Map<String, Object>> found = metadata.read("$.properties[?(@.name == '" + name + "')]");
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }

    private static List<String> hintValues(String name) {
        List<String> values = metadata.read("$.hints[?(@.name == '" + name + "')].values[*].value");
        assertThat(values).as(name).isNotEmpty();
        return values;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
    }
}
