package dev.resilience.spring.boot.dashboard;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the live resilience dashboard: a self-contained page at {@value #PAGE_PATH} that polls the
 * {@code resilience} actuator endpoint and shows every circuit breaker (state, failure and slow-call rates,
 * call counts, last transitions), every bulkhead's fill and every rate limiter's available permissions.
 *
 * <p>Opt-in: active only in a servlet web application with Spring MVC, when
 * {@code resilience.dashboard.enabled=true} (see {@link ResilienceDashboardProperties}). Beans:
 * <ul>
 *   <li>{@code resilienceDashboardPage}: the page itself, at {@value #PAGE_PATH} and {@value #PAGE_PATH}{@code /},
 *       rendered from a template in the starter jar with the endpoint URL and refresh interval filled in;
 *   <li>{@code resilienceDashboardResources}: a {@link WebMvcConfigurer} serving the page's CSS, JavaScript and
 *       icon from {@value #ASSET_LOCATION} under {@value #PAGE_PATH}{@code /**}.
 * </ul>
 * Nothing is fetched from another host (no CDN, no fonts), so the page works air-gapped. The page and the
 * endpoint are subject to the application's web security like any other URL.
 *
 * <p>A refresh interval shorter than {@link ResilienceDashboardProperties#MIN_REFRESH_INTERVAL}, or an
 * {@code endpoint-url} that is neither a path nor an {@code http(s)} URL, stops the start with a
 * {@link dev.resilience.core.InvalidConfigurationException} naming the full property.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, WebMvcConfigurer.class })
@ConditionalOnProperty(prefix = ResilienceDashboardProperties.PREFIX, name = "enabled", havingValue = "true")
@EnableConfigurationProperties(ResilienceDashboardProperties.class)
public final class ResilienceDashboardAutoConfiguration {

    /** Where the page is served, relative to the servlet context path. */
    public static final String PAGE_PATH = "/resilience/dashboard";

    /** Where the page's static assets are read from (a classpath location that Spring Boot does not serve). */
    public static final String ASSET_LOCATION = "classpath:/META-INF/resilience/dashboard/";

    ResilienceDashboardAutoConfiguration() {
    }

    @Bean
    ResilienceDashboardPage resilienceDashboardPage(ResilienceDashboardProperties properties,
            Environment environment) {
        return new ResilienceDashboardPage(properties, environment);
    }

    @Bean
    WebMvcConfigurer resilienceDashboardResources() {
        return new WebMvcConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                // no-cache, not no-store: the browser revalidates (cheap 304s) so an upgraded starter's
                // assets are picked up at once.
                registry.addResourceHandler(PAGE_PATH + "/**")
                        .addResourceLocations(ASSET_LOCATION)
                        .setCacheControl(CacheControl.noCache());
            }
        };
    }
}
