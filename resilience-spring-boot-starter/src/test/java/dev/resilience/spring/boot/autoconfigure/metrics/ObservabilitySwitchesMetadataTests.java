package dev.resilience.spring.boot.autoconfigure.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/** The three observability switches are in the configuration metadata, so IDEs complete and document them. */
class ObservabilitySwitchesMetadataTests {

    @Test
    void switchesAreDocumentedWithTheirDefaults() throws IOException {
        try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
            List<Map<String, Object>> properties = JsonPath.parse(in).read("$.properties[*]");
            assertThat(properties).filteredOn(p -> p.get("name").equals("resilience.metrics.enabled"))
                    .singleElement().satisfies(p -> assertThat(p).containsEntry("defaultValue", true)
                            .containsEntry("type", "java.lang.Boolean"));
            assertThat(properties).filteredOn(p -> p.get("name").equals("resilience.observations.enabled"))
                    .singleElement().satisfies(p -> assertThat(p).containsEntry("defaultValue", false)
                            .containsEntry("type", "java.lang.Boolean"));
            assertThat(properties).filteredOn(p -> p.get("name").equals("resilience.logging.enabled"))
                    .singleElement().satisfies(p -> assertThat(p).containsEntry("defaultValue", true)
                            .containsEntry("type", "java.lang.Boolean"));
        }
    }
}
