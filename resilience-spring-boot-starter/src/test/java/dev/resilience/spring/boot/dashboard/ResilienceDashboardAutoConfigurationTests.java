package dev.resilience.spring.boot.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.jayway.jsonpath.JsonPath;
import dev.resilience.core.InvalidConfigurationException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the dashboard is served, what the page says about the endpoint it polls, and how its assets are served.
 * Pages are requested through MockMvc on a context with Spring MVC's auto-configuration.
 */
class ResilienceDashboardAutoConfigurationTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceDashboardAutoConfiguration.class,
                    WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
                    HttpMessageConvertersAutoConfiguration.class));

    private final WebApplicationContextRunner enabled = runner.withPropertyValues("resilience.dashboard.enabled=true");

    @Nested
    class WhenServed {

        @Test
        void notServedUnlessEnabled() {
            runner.run(context -> {
                assertThat(context).doesNotHaveBean(ResilienceDashboardPage.class);
                assertThat(get(context, "/resilience/dashboard").getStatus()).isEqualTo(404);
                assertThat(get(context, "/resilience/dashboard/dashboard.js").getStatus()).isEqualTo(404);
            });
            runner.withPropertyValues("resilience.dashboard.enabled=false")
                    .run(context -> assertThat(context).doesNotHaveBean(ResilienceDashboardPage.class));
        }

        @Test
        void servedWhenEnabled() {
            enabled.run(context -> {
                assertThat(context).hasSingleBean(ResilienceDashboardPage.class);
                assertThat(get(context, "/resilience/dashboard").getStatus()).isEqualTo(200);
                assertThat(get(context, "/resilience/dashboard/").getStatus()).isEqualTo(200);
            });
        }

        @Test
        void notInANonWebOrReactiveApplication() {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(ResilienceDashboardAutoConfiguration.class))
                    .withPropertyValues("resilience.dashboard.enabled=true")
                    .run(context -> assertThat(context).doesNotHaveBean(ResilienceDashboardPage.class));
            new ReactiveWebApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(ResilienceDashboardAutoConfiguration.class))
                    .withPropertyValues("resilience.dashboard.enabled=true")
                    .run(context -> assertThat(context).doesNotHaveBean(ResilienceDashboardPage.class));
        }

        @Test
        void notWithoutSpringMvc() {
            enabled.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
                    .run(context -> assertThat(context).hasNotFailed()
                            .doesNotHaveBean(ResilienceDashboardPage.class));
        }

        @Test
        void listedAsAnAutoConfiguration() throws IOException {
            String imports = read("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
            assertThat(imports.lines()).contains(ResilienceDashboardAutoConfiguration.class.getName());
        }

        @Test
        void everyPropertyIsInTheConfigurationMetadataWithItsDefault() throws IOException {
            String metadata = read("META-INF/spring-configuration-metadata.json");
            Map<String, Object> enabledProperty = property(metadata, "resilience.dashboard.enabled");
            assertThat(enabledProperty).containsEntry("type", "java.lang.Boolean").containsEntry("defaultValue", false);
            assertThat((String) enabledProperty.get("description")).startsWith("Whether to serve the live dashboard");
            assertThat(property(metadata, "resilience.dashboard.refresh-interval"))
                    .containsEntry("type", "java.time.Duration").containsEntry("defaultValue", "1s");
            assertThat(property(metadata, "resilience.dashboard.endpoint-url"))
                    .containsEntry("type", "java.lang.String").containsKey("description");
        }

        private static Map<String, Object> property(String metadata, String name) {
            List<Map<String, Object>> found = JsonPath.read(metadata, "$.properties[?(@.name == '" + name + "')]");
            assertThat(found).as(name).hasSize(1);
            return found.get(0);
        }
    }

    @Nested
    class ThePage {

        @Test
        void pollsTheActuatorEndpointEverySecondByDefault() {
            enabled.run(context -> {
                MockHttpServletResponse response = get(context, "/resilience/dashboard");
                assertThat(response.getContentType()).isEqualTo("text/html;charset=UTF-8");
                String html = response.getContentAsString(StandardCharsets.UTF_8);
                assertThat(html).contains("data-endpoint=\"/actuator/resilience\"", "data-interval=\"1000\"",
                        "<script src=\"/resilience/dashboard/dashboard.js\" defer></script>",
                        "href=\"/resilience/dashboard/dashboard.css\"").doesNotContain("{{");
            });
        }

        @Test
        void isNeverCachedAndAllowsOnlyItsOwnScriptAndStyle() {
            enabled.run(context -> {
                MockHttpServletResponse response = get(context, "/resilience/dashboard");
                assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
                assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
                assertThat(response.getHeader("Content-Security-Policy")).isEqualTo(
                        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                                + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'");
            });
        }

        @Test
        void followsTheActuatorBasePathAndPathMapping() {
            assertEndpoint(enabled.withPropertyValues("management.endpoints.web.base-path=/manage/"),
                    "/manage/resilience");
            assertEndpoint(enabled.withPropertyValues("management.endpoints.web.base-path=/"), "/resilience");
            assertEndpoint(enabled.withPropertyValues("management.endpoints.web.path-mapping.resilience=faults"),
                    "/actuator/faults");
        }

        @Test
        void prefixesTheServletContextPath() {
            enabled.run(context -> {
                MockHttpServletResponse response = mvc(context).get().uri("/shop/resilience/dashboard")
                        .contextPath("/shop").exchange().getResponse();
                assertThat(response.getContentAsString(StandardCharsets.UTF_8)).contains(
                        "data-endpoint=\"/shop/actuator/resilience\"",
                        "<script src=\"/shop/resilience/dashboard/dashboard.js\" defer></script>");
            });
        }

        @Test
        void usesTheManagementPortWhenTheActuatorHasItsOwn() {
            assertEndpoint(enabled.withPropertyValues("server.port=8080", "management.server.port=9001"),
                    "http://localhost:9001/actuator/resilience");
            assertEndpoint(enabled.withPropertyValues("management.server.port=9001",
                    "management.server.base-path=/admin", "management.server.ssl.enabled=true"),
                    "https://localhost:9001/admin/actuator/resilience");
            // The same port, or Spring Boot's default port without a server.port, is the same server.
            assertEndpoint(enabled.withPropertyValues("server.port=9001", "management.server.port=9001"),
                    "/actuator/resilience");
            assertEndpoint(enabled.withPropertyValues("management.server.port=8080"), "/actuator/resilience");
            // A random management port cannot be known: the page polls this server and its banner tells.
            assertEndpoint(enabled.withPropertyValues("management.server.port=0"), "/actuator/resilience");
        }

        @Test
        void aConfiguredPathIsResolvedAgainstTheContextPath() {
            enabled.withPropertyValues("resilience.dashboard.endpoint-url=/ops/resilience").run(context -> {
                MockHttpServletResponse response = mvc(context).get().uri("/shop/resilience/dashboard")
                        .contextPath("/shop").exchange().getResponse();
                assertThat(response.getContentAsString(StandardCharsets.UTF_8))
                        .contains("data-endpoint=\"/shop/ops/resilience\"");
            });
        }

        @Test
        void aConfiguredAbsoluteUrlIsUsedAsIsEscapedAndAllowedByTheContentSecurityPolicy() {
            enabled.withPropertyValues("resilience.dashboard.endpoint-url=https://ops.example:8443/r?a=\"b\"&c=<d>")
                    .run(context -> {
                        MockHttpServletResponse response = get(context, "/resilience/dashboard");
                        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).contains(
                                "data-endpoint=\"https://ops.example:8443/r?a=&quot;b&quot;&amp;c=&lt;d&gt;\"");
                        assertThat(response.getHeader("Content-Security-Policy"))
                                .contains("connect-src 'self' https://ops.example:8443;");
                    });
        }

        @Test
        void theRefreshIntervalIsConfigurable() {
            enabled.withPropertyValues("resilience.dashboard.refresh-interval=2500ms").run(context ->
                    assertThat(get(context, "/resilience/dashboard").getContentAsString(StandardCharsets.UTF_8))
                            .contains("data-interval=\"2500\""));
        }

        private void assertEndpoint(WebApplicationContextRunner runner, String expected) {
            runner.run(context -> assertThat(get(context, "/resilience/dashboard")
                    .getContentAsString(StandardCharsets.UTF_8)).contains("data-endpoint=\"" + expected + "\""));
        }
    }

    @Nested
    class Assets {

        @Test
        void scriptStyleAndIconAreServedFromTheStarterAndRevalidated() {
            enabled.run(context -> {
                assertAsset(context, "/resilience/dashboard/dashboard.js", "text/javascript",
                        body -> assertThat(body).contains("'use strict'"));
                assertAsset(context, "/resilience/dashboard/dashboard.css", "text/css",
                        body -> assertThat(body).contains(".state-open"));
                assertAsset(context, "/resilience/dashboard/favicon.svg", "image/svg+xml",
                        body -> assertThat(body).startsWith("<svg"));
            });
        }

        @Test
        void theRawTemplateAndUnknownFilesAreNotServed() {
            enabled.run(context -> {
                assertThat(get(context, "/resilience/dashboard/dashboard.html").getStatus()).isEqualTo(404);
                assertThat(get(context, "/resilience/dashboard/../dashboard.html").getStatus()).isNotEqualTo(200);
                assertThat(get(context, "/resilience/dashboard/nothing.js").getStatus()).isEqualTo(404);
            });
        }

        @Test
        void nothingIsLoadedFromAnotherHost() throws IOException {
            // Air-gapped: no CDN, no web fonts, no absolute URLs in the page or its assets.
            for (String file : List.of("META-INF/resilience/dashboard.html", "META-INF/resilience/dashboard/dashboard.js",
                    "META-INF/resilience/dashboard/dashboard.css")) {
                // The SVG namespace the graphs are created in is a name, never fetched.
                String content = read(file).replace("'http://www.w3.org/2000/svg'", "'svg-namespace'");
                assertThat(content).as(file).doesNotContainPattern("https?://").doesNotContain("@import", "url(");
            }
        }

        private void assertAsset(WebApplicationContext context, String path, String contentType,
                Consumer<String> body) throws IOException {
            MockHttpServletResponse response = get(context, path);
            assertThat(response.getStatus()).as(path).isEqualTo(200);
            assertThat(response.getContentType()).as(path).startsWith(contentType);
            assertThat(response.getHeader("Cache-Control")).as(path).isEqualTo("no-cache");
            body.accept(response.getContentAsString(StandardCharsets.UTF_8));
        }
    }

    @Nested
    class InvalidSettings {

        @Test
        void aRefreshIntervalBelow100msStopsTheStart() {
            enabled.withPropertyValues("resilience.dashboard.refresh-interval=50ms").run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause()
                        .isInstanceOf(InvalidConfigurationException.class)
                        .hasMessage("Invalid 'resilience.dashboard.refresh-interval' (50ms): must be at least 100ms");
            });
        }

        @Test
        void anEndpointUrlThatIsNeitherAPathNorHttpStopsTheStart() {
            enabled.withPropertyValues("resilience.dashboard.endpoint-url=ftp://ops/resilience").run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause()
                        .isInstanceOf(InvalidConfigurationException.class)
                        .hasMessage("Invalid 'resilience.dashboard.endpoint-url' (ftp://ops/resilience): must be a"
                                + " path starting with '/' or an absolute http or https URL");
            });
        }

        @Test
        void aBlankEndpointUrlMeansDerived() {
            enabled.withPropertyValues("resilience.dashboard.endpoint-url= ").run(context ->
                    assertThat(get(context, "/resilience/dashboard").getContentAsString(StandardCharsets.UTF_8))
                            .contains("data-endpoint=\"/actuator/resilience\""));
        }
    }

    private static MockMvcTester mvc(WebApplicationContext context) {
        return MockMvcTester.from(context);
    }

    private static MockHttpServletResponse get(WebApplicationContext context, String path) {
        return mvc(context).get().uri(path).exchange().getResponse();
    }

    private static String read(String classpathResource) throws IOException {
        try (InputStream in = new ClassPathResource(classpathResource).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
