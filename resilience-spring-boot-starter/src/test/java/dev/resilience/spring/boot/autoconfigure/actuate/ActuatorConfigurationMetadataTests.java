package dev.resilience.spring.boot.autoconfigure.actuate;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration metadata of the actuator support, from which IDEs complete application.yml. */
class ActuatorConfigurationMetadataTests {

    private static DocumentContext metadata;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
            metadata = JsonPath.parse(in);
        }
    }

    @Test
    void theEventBufferSizeHasADescriptionAndItsDefault() {
        Map<String, Object> size = property("resilience.events.buffer-size");
        assertThat(size.get("type")).isEqualTo("java.lang.Integer");
        assertThat((String) size.get("description")).contains("per pattern instance").contains("Default: 100");
        assertThat(size.get("defaultValue")).isEqualTo(100);
    }

    @Test
    void theEndpointsAndTheHealthContributorCanBeSwitched() {
        assertThat(property("management.endpoint.resilience.access").get("defaultValue")).isEqualTo("unrestricted");
        assertThat(property("management.endpoint.resilienceevents.access").get("defaultValue"))
                .isEqualTo("unrestricted");
        Map<String, Object> health = property("management.health.resilience.enabled");
        assertThat(health.get("defaultValue")).isEqualTo(true);
        assertThat((String) health.get("description")).isNotBlank();
    }

    private static Map<String, Object> property(String name) {
        List<Map<String, Object>> found = metadata.read("$.properties[?(@.name == '" + name + "')]");
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }
}
